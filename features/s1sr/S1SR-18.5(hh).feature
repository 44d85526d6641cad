@s1sr @s1sr_18_5_hh @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.5(hh) - An end date of 31/12/3000 keeps a non-disablement schedule running indefinitely
  Verifies that, on every device model the DMVES maps to clause 18.5(hh), a non-disablement
  schedule set by Update Prepay Configuration (SRV 2.1) with the end date 31/12/3000 is accepted
  by the meter and has no end: it is still in force a year after it started, on 31/12/3000 and on
  any day after it, while a schedule with an ordinary end date still ends. DUIS has no request
  that says whether a schedule is in force on a given day, so that part is observed through a
  target capability, and a target without one is reported not applicable. What the meter reports
  as the end date when asked is clause 18.27(r). DUIS 5.4 gives a gas meter's non-disablement
  calendar no end dates, so the scenarios run on the mapped electricity meter models only (model
  decision M-GAS-NDC). A meter the clause does not apply to is the negative control: its schedule
  ending 31/12/3000 is in force until that date; what such a meter does afterwards is not
  asserted, as no source says. Source: seed 000_3d332784429be247.txt, drafting row 18.5(hh).
  Assumptions: A-FAR-FUTURE-DATE, A-CLAUSE-SRV-INFERENCE, A-DMVES-DATA, A-SEED000-FOC.

  Scenario: A schedule ending 31/12/3000 is accepted
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    When the supplier sets a non-disablement schedule from 10 March 2026 to 31/12/3000
    Then the request is acknowledged
    And the meter confirms the update

  Scenario Outline: A schedule ending 31/12/3000 is still in force long after it started
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    When the supplier sets a non-disablement schedule from 10 March 2026 to 31/12/3000
    Then the non-disablement schedule is in force on <day>

    Examples:
      | day            |
      # a year after the schedule started
      | 10 March 2027  |
      # edge: the end date itself
      | 31/12/3000     |
      # edge: the day after the end date, reached only by a schedule without end
      | 1 January 3001 |

  Scenario: A schedule with an ordinary end date still ends
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    When the supplier sets a non-disablement schedule from 10 March 2026 to 30 June 2026
    Then the non-disablement schedule is no longer in force on 1 July 2026

  @negative_control
  Scenario: A meter the clause does not apply to keeps the schedule until 31/12/3000
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    When the supplier sets a non-disablement schedule from 10 March 2026 to 31/12/3000
    Then the non-disablement schedule is in force on 10 March 2027
