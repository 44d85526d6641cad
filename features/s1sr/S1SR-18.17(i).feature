@s1sr @s1sr_18_17_i @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.17(i) - The change-of-mode billing log needs an earlier tariff or payment-mode update
  Verifies that, on every device model the DMVES maps to clause 18.17(i), a request for the
  change of mode / tariff triggered billing data log (SRV 4.4.2) made before any Update Import
  Tariff or Update Payment Mode has completed on the meter is never answered by the meter: DCC
  acknowledges it and the supplier receives the SMETS1 alert S1CE20 instead. Once either update
  has completed, the log is returned; an Update Import Tariff of either element counts (SRV
  1.1.1, or SRV 1.1.2 for an electricity meter's secondary element). A meter the clause does
  not apply to returns the log without any earlier update. The updates are sent through DUIS
  and suit the meter's fuel.
  Source: seed 000_3d332784429be247.txt, drafting row 18.17(i). Assumptions: A-S1CE20-TIMEOUT,
  A-S1SP-ALERT-WRAPPER, A-HISTORY-PER-DEVICE, A-DMVES-DATA, A-SEED000-FOC.

  Scenario: No tariff or payment-mode update was ever applied
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests the change-of-mode billing data log
    Then the request is acknowledged
    And the supplier receives the SMETS1 alert "S1CE20" for that request
    And no meter response arrives for that request

  Scenario Outline: An earlier update makes the log readable
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    And the supplier has applied <update> to the meter
    When the supplier requests the change-of-mode billing data log
    Then the supplier receives the change-of-mode billing data log

    Examples:
      | update                |
      # Update Import Tariff (SRV 1.1.1)
      | a tariff update       |
      # Update Payment Mode (SRV 1.6)
      | a payment mode update |

  Scenario: An update of an electricity meter's secondary element makes the log readable
    Given a commissioned SMETS1 electricity meter whose device model is subject to the clause
    And the supplier has applied a secondary element tariff update to the meter
    When the supplier requests the change-of-mode billing data log
    Then the supplier receives the change-of-mode billing data log

  @negative_control
  Scenario: A meter the clause does not apply to returns the log at once
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    When the supplier requests the change-of-mode billing data log
    Then the supplier receives the change-of-mode billing data log
