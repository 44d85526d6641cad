@s1sr @s1sr_18_18_g @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.18(g) - The billing-calendar log needs a billing calendar to have been set
  Verifies that, on every device model the DMVES maps to clause 18.18(g), a request for the
  billing calendar triggered billing data log (SRV 4.4.3) made before a billing calendar has
  ever been set on the meter (Update Device Configuration (Billing Calendar), SRV 6.8) is never
  answered by the meter: DCC acknowledges it and the supplier receives the SMETS1 alert S1CE20
  instead. Once a billing calendar has been set, the log is returned. A meter the clause does not
  apply to returns the log without a calendar. The billing calendar is set through DUIS and
  suits the meter's fuel. Source: seed 000_3d332784429be247.txt, drafting row 18.18(g).
  Assumptions: A-S1CE20-TIMEOUT, A-S1SP-ALERT-WRAPPER, A-HISTORY-PER-DEVICE, A-DMVES-DATA,
  A-SEED000-FOC.

  Scenario: No billing calendar was ever set
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests the billing-calendar billing data log
    Then the request is acknowledged
    And the supplier receives the SMETS1 alert "S1CE20" for that request
    And no meter response arrives for that request

  Scenario: A billing calendar set earlier makes the log readable
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And the supplier has applied a billing calendar to the meter
    When the supplier requests the billing-calendar billing data log
    Then the supplier receives the billing-calendar billing data log

  @negative_control
  Scenario: A meter the clause does not apply to returns the log without a billing calendar
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    When the supplier requests the billing-calendar billing data log
    Then the supplier receives the billing-calendar billing data log
