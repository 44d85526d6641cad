@s1sr @s1sr_18_27_r @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.27(r) - A non-disablement calendar ending 31/12/3000 is reported as ending the day before it starts
  Verifies that, on every device model the DMVES maps to clause 18.27(r), once a non-disablement
  schedule has been set by Update Prepay Configuration (SRV 2.1) with the end date 31/12/3000,
  Read Prepayment Configuration (SRV 4.13) reports its end date as the day before the schedule's
  start date, not 31/12/3000, across month, year and leap-day boundaries; an ordinary end date is
  reported as set. The response to the setting request carries no dates in DUIS 5.4, so the read
  is the only response checked (assumption A-1827R-RESPONSE). That the schedule still runs without
  end is clause 18.5(hh). DUIS 5.4 gives a gas meter's non-disablement calendar no end dates, so
  the scenarios run on the mapped electricity meter models only (model decision M-GAS-NDC). A
  meter the clause does not apply to is the negative control: it reports 31/12/3000 as set.
  Source: seed 000_3d332784429be247.txt, drafting row 18.27(r). Assumptions: A-1827R-RESPONSE,
  A-FAR-FUTURE-DATE, A-CLAUSE-SRV-INFERENCE, A-DMVES-DATA, A-SEED000-FOC.

  Scenario Outline: The end date 31/12/3000 is reported as the day before the start
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    And the supplier has set a non-disablement schedule from <start> to 31/12/3000
    When the supplier reads the prepayment configuration
    Then the reported non-disablement schedule runs from <start> to <reported end>

    Examples:
      | start          | reported end     |
      | 10 March 2026  | 9 March 2026     |
      # edge: the reported end date falls in the previous year
      | 1 January 2026 | 31 December 2025 |
      # edge: leap year, the day before is 29 February
      | 1 March 2028   | 29 February 2028 |
      # edge: common year, the day before is 28 February
      | 1 March 2027   | 28 February 2027 |
      # edge: the month before has 31 days
      | 1 April 2026   | 31 March 2026    |

  Scenario: An ordinary end date is reported as set
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    And the supplier has set a non-disablement schedule from 10 March 2026 to 30 June 2027
    When the supplier reads the prepayment configuration
    Then the reported non-disablement schedule runs from 10 March 2026 to 30 June 2027

  @negative_control
  Scenario: A meter the clause does not apply to reports 31/12/3000 as set
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    And the supplier has set a non-disablement schedule from 10 March 2026 to 31/12/3000
    When the supplier reads the prepayment configuration
    Then the reported non-disablement schedule runs from 10 March 2026 to 31/12/3000
