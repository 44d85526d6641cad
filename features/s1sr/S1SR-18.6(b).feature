@s1sr @s1sr_18_6_b @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.6(b) - A SMETS1 top-up that is not a whole number of pounds is refused with an S1SP alert
  Verifies that, on every device model the DMVES maps to clause 18.6(b), a request for a UTRN
  (Top Up Device, SRV 2.2) for a whole number of pounds is served with a UTRN from the SMETS1
  Service Provider, while a request for an amount with pence is acknowledged by DCC but issues no
  UTRN: the supplier receives an S1SP alert for that request instead. The seeds name no alert
  code, so any S1SP alert code is accepted (the reference model uses a placeholder code of its
  own, decision M-UTRN-PART-POUND-ALERT). DUIS 5.4 has no field for the amount of a SMETS1 UTRN
  request, so the amount is handed to the target through a set-up capability, and a target without
  one is reported not applicable. A meter the clause does not apply to is the negative control: it
  serves an amount with pence. Source: seed 000_3d332784429be247.txt, drafting row 18.6(b).
  Assumptions: A-SMETS1-UTRN-REQUEST, A-S1SP-ALERT-WRAPPER, A-DMVES-DATA, A-SEED000-FOC.

  Scenario Outline: A top-up in whole pounds is served with a UTRN
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests a UTRN for a top-up of <amount>
    Then the request is acknowledged
    And the supplier receives a UTRN from the S1SP

    Examples:
      | amount |
      | £10.00 |
      # edge: the smallest whole-pound amount
      | £1.00  |

  Scenario Outline: A top-up with pence is refused with an S1SP alert
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests a UTRN for a top-up of <amount>
    Then the request is acknowledged
    And the supplier receives an S1SP alert instead of a UTRN

    Examples:
      | amount |
      # half a pound over a whole amount
      | £10.50 |
      # edge: the smallest amount with pence
      | £0.01  |
      # edge: one penny short of a whole pound
      | £9.99  |

  @negative_control
  Scenario: A meter the clause does not apply to serves a top-up with pence
    Given a commissioned SMETS1 meter whose device model is not subject to the clause
    When the supplier requests a UTRN for a top-up of £10.50
    Then the request is acknowledged
    And the supplier receives a UTRN from the S1SP
