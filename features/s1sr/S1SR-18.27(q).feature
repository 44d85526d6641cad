@s1sr @s1sr_18_27_q @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.27(q) - The reported debt recovery rate period depends on a successful Update Debt
  Verifies that, on every device model the DMVES maps to clause 18.27(q), once an Update Debt
  (SRV 2.3) has completed successfully on the meter, Read Prepayment Configuration (SRV 4.13)
  reports the debt recovery rate period that update set, hourly or daily, and that a later
  successful Update Debt replaces it. Each debt update is for the meter's own fuel. The clause is
  read as making the reported period dependable only after such an update (assumption
  A-1827Q-READING): before any successful Update Debt, or after one that failed, the period the
  meter reports is not dependable and no scenario asserts a value for it. The history that counts
  is the meter's own since it joined DCC (A-HISTORY-PER-DEVICE). A meter the clause does not apply
  to is the negative control: it too reports the period its debt update set. Source:
  seed 000_3d332784429be247.txt, drafting row 18.27(q). Assumptions: A-1827Q-READING,
  A-HISTORY-PER-DEVICE, A-CLAUSE-SRV-INFERENCE, A-DMVES-DATA, A-SEED000-FOC.

  Scenario Outline: After a successful debt update the meter reports the period it set
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And the supplier has updated the debt with <period> recovery
    When the supplier reads the prepayment configuration
    Then the reported debt recovery rate period is <period>

    Examples:
      | period |
      | hourly |
      | daily  |

  Scenario: The latest successful debt update decides the reported period
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And the supplier has updated the debt with hourly recovery
    And the supplier has updated the debt with daily recovery
    When the supplier reads the prepayment configuration
    Then the reported debt recovery rate period is daily

  @negative_control
  Scenario: A meter the clause does not apply to reports the period of its debt update
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    And the supplier has updated the debt with hourly recovery
    When the supplier reads the prepayment configuration
    Then the reported debt recovery rate period is hourly
