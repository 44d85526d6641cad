@s1sr @s1sr_18_5_ee @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.5(ee) - Non-disablement calendar seasons may start and end on any date
  Verifies that, on every device model the DMVES maps to clause 18.5(ee), an Update Prepay
  Configuration (SRV 2.1) whose non-disablement calendar starts and ends its periods on any dates
  the DUIS schema accepts is applied by the meter without a device-specific rejection, and that
  Read Prepayment Configuration (SRV 4.13) then reports those dates as set. Electricity meters are
  checked with the start and end dates of a schedule, gas meters with the start dates of the
  calendar's seasons (a gas season has no end date of its own: it runs until the next one starts,
  every year); each kind of scenario runs on the mapped models of its fuel only. The dates sit at
  the edges of the year: its first and last day, a period over the year end, and a leap day. The
  seeds say that Uplift 2.1 lifted a limit on these dates without saying what it was, so there is
  no expectation for the baseline before it and no negative control (whether a model the
  clause does not apply to keeps a limit is not known); the far-future end date 31/12/3000 is
  covered by clauses 18.5(hh) and 18.27(r). The seed gives 18.5(ee) and 18.5(gg) one row, so
  18.5(gg) has the same scenarios, run on the device models mapped to it. Source:
  seed 000_3d332784429be247.txt, drafting row "18.5(ee) 18.5(gg)". Assumptions: A-SHARED-ROW,
  A-CLAUSE-SRV-INFERENCE, A-DMVES-DATA, A-SEED000-FOC, A-REMOVED-RESTRICTION-V10.

  Scenario Outline: An electricity schedule on any dates is applied
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    When the supplier sets a non-disablement schedule from <start> to <end>
    Then the request is acknowledged
    And the meter confirms the update

    Examples:
      | start            | end               |
      # edge: starts on the first day of a year
      | 1 January 2027   | 30 June 2027      |
      # edge: ends on the last day of a year
      | 1 June 2026      | 31 December 2026  |
      # edge: runs over the year end
      | 1 November 2026  | 28 February 2027  |
      # edge: starts on a leap day
      | 29 February 2028 | 30 September 2028 |

  Scenario Outline: An electricity schedule on any dates is reported as set
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    And the supplier has set a non-disablement schedule from <start> to <end>
    When the supplier reads the prepayment configuration
    Then the reported non-disablement schedule runs from <start> to <end>

    Examples:
      | start            | end               |
      # edge: starts on the first day of a year
      | 1 January 2027   | 30 June 2027      |
      # edge: ends on the last day of a year
      | 1 June 2026      | 31 December 2026  |
      # edge: runs over the year end
      | 1 November 2026  | 28 February 2027  |
      # edge: starts on a leap day
      | 29 February 2028 | 30 September 2028 |

  Scenario Outline: Gas seasons starting on any dates are applied
    Given a commissioned SMETS1 gas meter whose device model is subject to the clause
    When the supplier sets a non-disablement calendar with <seasons>
    Then the request is acknowledged
    And the meter confirms the update

    Examples:
      | seasons                                            |
      # edge: the first day of the year
      | one season starting on 1 January                   |
      # edge: the last day of the year
      | one season starting on 31 December                 |
      # edge: a leap day, which most years do not have
      | one season starting on 29 February                 |
      # edge: three seasons, the last running over the year end into the first
      | seasons starting on 1 March, 1 July and 1 November |

  Scenario Outline: Gas seasons starting on any dates are reported as set
    Given a commissioned SMETS1 gas meter whose device model is subject to the clause
    And the supplier has set a non-disablement calendar with <seasons>
    When the supplier reads the prepayment configuration
    Then the reported non-disablement calendar has <seasons>

    Examples:
      | seasons                                            |
      # edge: the first day of the year
      | one season starting on 1 January                   |
      # edge: the last day of the year
      | one season starting on 31 December                 |
      # edge: a leap day, which most years do not have
      | one season starting on 29 February                 |
      # edge: three seasons, the last running over the year end into the first
      | seasons starting on 1 March, 1 July and 1 November |
