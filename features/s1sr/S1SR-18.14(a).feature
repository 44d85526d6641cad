@s1sr @s1sr_18_14_a @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.14(a) - Gas meters report instantaneous block counters in kWh
  Verifies that a gas meter whose device model the DMVES maps to clause 18.14(a) reports its
  instantaneous block counters (Read Instantaneous Import Block Counters, SRV 4.1.4, which only a
  gas supplier may request) as energy in kWh, not as a volume of gas: between two readings taken
  on the same day, the counters grow by exactly the energy in kWh that the meter consumed in
  between, as the target states it for the meter. The two readings are taken within one day so
  that no snapshot, and so no reset of the counters, falls between them. Source: seed
  000_3d332784429be247.txt, drafting row 18.14(a). Assumptions: A-BLOCK-COUNTER-UNITS,
  A-CLAUSE-SRV-INFERENCE, A-DMVES-DATA, A-SEED000-FOC.

  Scenario Outline: The block counters grow by the kWh consumed between two readings on <day>
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And it is 10:00 on <date> in Great Britain
    And the gas supplier has read the instantaneous block counters
    And it is 16:00 on <date> in Great Britain
    When the gas supplier reads the instantaneous block counters
    Then the block counters have grown by the kWh consumed since the earlier reading

    Examples:
      | day          | date            |
      # winter (GMT)
      | a winter day | 15 January 2026 |
      # summer (BST)
      | a summer day | 1 July 2026     |
