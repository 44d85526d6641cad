@s1sr @s1sr_18_18_f @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.18(f) - Gas block counters are reset just before the billing-calendar snapshot
  Verifies the block counters in the billing calendar triggered billing data log (SRV 4.4.3) of
  gas meters whose device model the DMVES maps to clause 18.18(f). Such a meter resets its block
  counters immediately before it takes a billing snapshot, so a snapshot may not show the
  billing period's consumption, and the regulation leaves open which result a given snapshot
  shows. Each snapshot must show one of the results the register allows: every counter zero,
  for a snapshot taken on Greenwich Mean Time; counters adding up to 23 of the last day's 24
  hours of consumption, for a snapshot taken on British Summer Time; or counters adding up to
  the whole last day's consumption. The result seen is reported as allowed but not certain. A
  monthly billing calendar is set through DUIS before the snapshot is due; consumption is
  compared in kWh with the consumption the target states for the meter, and each snapshot is
  judged by the time in Great Britain when it was taken. A gas meter the clause does not apply
  to counts the whole billing period since the previous snapshot. Source: seed
  000_3d332784429be247.txt, drafting row "18.21(e) 18.18(f)", which this clause shares with
  18.21(e). Assumptions: A-SHARED-ROW, A-UNCERTAIN-VERDICT, A-GB-LOCAL-TIME,
  A-BLOCK-COUNTER-UNITS, A-DMVES-DATA, A-SEED000-FOC.

  @uncertain
  Scenario Outline: A <season> billing snapshot shows a result the clause allows
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And it is <calendar set> in Great Britain
    And the supplier has applied a billing calendar to the meter
    And it is <requested> in Great Britain
    When the supplier requests the billing-calendar billing data log for the last 3 days
    Then the block counters of every snapshot show an outcome the clause allows

    Examples:
      | season | calendar set              | requested               |
      # the snapshot at midnight on 1 January, on GMT
      | winter | 12:00 on 15 December 2025 | 12:00 on 2 January 2026 |
      # the snapshot at midnight on 1 July, on BST (23:00 UTC on 30 June)
      | summer | 12:00 on 15 June 2026     | 12:00 on 2 July 2026    |

  @negative_control
  Scenario: A gas meter the clause does not apply to counts the whole billing period
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    And it is 12:00 on 15 November 2025 in Great Britain
    And the supplier has applied a billing calendar to the meter
    And it is 12:00 on 2 January 2026 in Great Britain
    When the supplier requests the billing-calendar billing data log for the last 40 days
    Then the block counters of every snapshot add up to the kWh consumed since their last reset
