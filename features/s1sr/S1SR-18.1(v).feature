@s1sr @s1sr_18_1_v @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.1(v) - Tariff seasons are no longer limited on these meters
  Verifies that, on every device model the DMVES maps to clause 18.1(v), an Update Import Tariff
  (SRV 1.1.1, through the critical request flow) whose seasons start on any dates the DUIS schema
  accepts, and that uses as many seasons as DUIS allows (four for electricity, three for gas),
  is applied without a device-specific rejection: the meter confirms it. Each season recurs every
  year and uses the same week profile. The seeds do not say what the former limit was, so no
  expectation is registered for the baseline before FOC Uplift 2.1 and no meter is used as a
  negative control. A later Read Tariff (SRV 4.11.1) then reports the seasons exactly as sent:
  the same names, start dates and week profiles, in the same order. An electricity meter's
  secondary element (Update Import Tariff (Secondary Element), SRV 1.1.2, read back with SRV
  4.11.2, up to four seasons) is checked the same way. Source: seed
  000_3d332784429be247.txt, drafting row 18.1(v). Assumptions: A-CLAUSE-SRV-INFERENCE,
  A-DMVES-DATA, A-SEED000-FOC, A-REMOVED-RESTRICTION-V10.

  Scenario Outline: A tariff with <seasons> is applied and read back unchanged
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier applies an import tariff with <seasons>
    Then the meter confirms the update
    And the tariff read back from the meter has the same seasons

    Examples:
      | seasons                                               |
      # the simplest tariff: one season all year
      | one season starting on 1 January                      |
      # a season starting on the leap day
      | seasons starting on 1 January, 29 February and 1 July |
      # a season starting on the last day of the year
      | seasons starting on 1 March and 31 December           |
      # the most a switching table holds: four seasons for electricity, three for gas
      | as many seasons as DUIS allows                        |

  Scenario Outline: A secondary element tariff with <seasons> is applied and read back unchanged
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    When the supplier applies a secondary element import tariff with <seasons>
    Then the meter confirms the update
    And the secondary element tariff read back from the meter has the same seasons

    Examples:
      | seasons                                               |
      | one season starting on 1 January                      |
      | seasons starting on 1 January, 29 February and 1 July |
      # four seasons: the most the secondary element's switching table holds
      | as many seasons as DUIS allows                        |
