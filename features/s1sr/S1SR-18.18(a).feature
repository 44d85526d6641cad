@s1sr @s1sr_18_18_a @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.18(a) - Gas meters report block counters in the billing-calendar log in kWh
  Verifies that a gas meter whose device model the DMVES maps to clause 18.18(a) reports the
  block counters of its billing calendar triggered billing data log (SRV 4.4.3) as energy in kWh,
  not as a volume of gas. A monthly billing calendar is set through DUIS, and the log is read a
  few months later: the block counters of every snapshot must add up to exactly the energy in
  kWh that the meter consumed since they were last reset, as the target states it for the
  meter. They are normally reset at the previous snapshot; on a model the DMVES also maps to
  18.18(f) they may instead be reset just before the snapshot, with any of the results that
  clause allows (zero on Greenwich Mean Time, 23 hours of the last day on British Summer Time,
  or the whole last day). At least one snapshot must show consumption, so that the unit can be
  seen; each period therefore includes a snapshot taken on British Summer Time, since a meter
  that resets its counters may show zero in every snapshot taken on Greenwich Mean Time.
  Source: seed 000_3d332784429be247.txt, drafting row 18.18(a). Assumptions:
  A-BLOCK-COUNTER-UNITS, A-DMVES-DATA, A-SEED000-FOC.

  Scenario Outline: The logged block counters match the kWh consumed over <months>
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And it is <calendar set> in Great Britain
    And the supplier has applied a billing calendar to the meter
    And it is <requested> in Great Britain
    When the supplier requests the billing-calendar billing data log for the last 90 days
    Then the block counters of every snapshot add up to the kWh consumed since their last reset

    Examples:
      | months             | calendar set               | requested                 |
      # snapshots on 1 June, 1 July and 1 August, all on BST
      | the summer         | 12:00 on 20 May 2026       | 12:00 on 15 August 2026   |
      # snapshots on 1 October (BST), 1 November and 1 December (GMT)
      | autumn into winter | 12:00 on 20 September 2025 | 12:00 on 15 December 2025 |
