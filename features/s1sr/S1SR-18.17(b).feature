@s1sr @s1sr_18_17_b @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.17(b) - Gas meters report block counters in the change-of-mode billing log in kWh
  Verifies that a gas meter whose device model the DMVES maps to clause 18.17(b) reports the
  block counters of its change of mode / tariff triggered billing data log (SRV 4.4.2) as energy
  in kWh, not as a volume of gas. The supplier applies a tariff update and, later the same day, a
  payment mode update, each of which makes the meter log a snapshot; the block counters of the
  second snapshot must add up to exactly the energy in kWh that the meter consumed since the
  first, as the target states it for the meter. (The first snapshot's counters started counting
  before the scenario began, so that snapshot is not compared.)
  Source: seed 000_3d332784429be247.txt, drafting row 18.17(b). Assumptions:
  A-BLOCK-COUNTER-UNITS, A-DMVES-DATA, A-SEED000-FOC.

  Scenario Outline: The logged block counters match the kWh consumed between two updates on <day>
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And it is 08:00 on <date> in Great Britain
    And the supplier has applied a tariff update to the meter
    And it is 18:00 on <date> in Great Britain
    And the supplier has applied a payment mode update to the meter
    When the supplier requests the change-of-mode billing data log for the last 3 days
    Then the block counters of every snapshot add up to the kWh consumed since their last reset

    Examples:
      | day          | date            |
      # winter (GMT)
      | a winter day | 15 January 2026 |
      # summer (BST)
      | a summer day | 1 July 2026     |
