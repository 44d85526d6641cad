@s1sr @s1sr_18_19_a @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.19(a) - The payment-based debt log needs a debt recovery to have happened
  Verifies that, on every device model the DMVES maps to clause 18.19(a), a request for the
  billing data log of payment-based debt payments (SRV 4.4.4) made after credit was added to the
  meter, but before any top-up has recovered payment-based debt, is never answered by the meter:
  DCC acknowledges it and the supplier receives the SMETS1 alert S1CE20 instead. Once a top-up
  has recovered some payment-based debt (set up beforehand with Update Debt, SRV 2.3), the log is
  returned. A meter the clause does not apply to returns the log after a plain top-up. Credit is
  added with Top Up Device (SRV 2.2) for a whole number of pounds. A meter that never received
  credit is not covered by the clause and is not tested. Source: seed
  000_3d332784429be247.txt, drafting row 18.19(a). Assumptions: A-S1CE20-TIMEOUT,
  A-S1SP-ALERT-WRAPPER, A-HISTORY-PER-DEVICE, A-DMVES-DATA, A-SEED000-FOC.

  Scenario: Credit was added but has never recovered payment-based debt
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And the supplier has applied a top-up to the meter
    When the supplier requests the debt payment billing data log
    Then the request is acknowledged
    And the supplier receives the SMETS1 alert "S1CE20" for that request
    And no meter response arrives for that request

  Scenario: A top-up that recovered payment-based debt makes the log readable
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And the supplier has applied a payment-based debt to the meter
    And the supplier has applied a top-up to the meter
    When the supplier requests the debt payment billing data log
    Then the supplier receives the debt payment billing data log

  @negative_control
  Scenario: A meter the clause does not apply to returns the log after a plain top-up
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    And the supplier has applied a top-up to the meter
    When the supplier requests the debt payment billing data log
    Then the supplier receives the debt payment billing data log
