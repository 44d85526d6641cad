@s1sr @s1sr_18_62_f @chf @ppmid @commissioning
Feature: S1SR-18.62(f) - A replacement PPMID can be added to the comms hub's device log
  Verifies PPMID swap-out on every device model the DMVES maps to clause 18.62(f), each paired
  with a SMETS1 comms hub or PPMID model that the DMVES also maps to it: after the supplier has
  removed a PPMID from the comms hub's device log and pre-notified a replacement of the same
  model (SRV 12.2), an Update HAN Device Log (SRV 8.11) adding the replacement is carried out,
  and the replacement then appears in the comms hub's device log. Before Uplift 2.1 (baseline
  s1sr_v10) the addition is not carried out, in any form of failure. The device log is read
  with Read Inventory (SRV 8.2) naming the comms hub, which reports the hub and the devices in
  its log; the register names Read Device Log (8.9), which the reference model does not
  answer. Source: seed 000_3d332784429be247.txt, drafting row 18.62(f). Assumptions:
  A-CLAUSE-SRV-INFERENCE, A-REMOVED-RESTRICTION-V10, A-FAILURE-FORM, A-DMVES-DATA,
  A-SEED000-FOC.

  Rule: A PPMID can be swapped out on an installation the clause applies to

    Background:
      Given a SMETS1 comms hub and PPMID whose device models are subject to the clause
      And the supplier has removed the PPMID from the comms hub's device log
      And a replacement PPMID of the same model has been pre-notified

    @baseline_s1sr_v11
    Scenario: The replacement PPMID joins the comms hub's device log
      When the supplier adds the replacement PPMID to the comms hub's device log
      Then the comms hub confirms the device log change
      And the replacement PPMID appears in the comms hub's device log

    @baseline_s1sr_v10
    Scenario: Before Uplift 2.1 the replacement PPMID is not added
      When the supplier adds the replacement PPMID to the comms hub's device log
      Then DCC does not carry out the device log change
      And the replacement PPMID is not in the comms hub's device log

  Rule: The restriction before Uplift 2.1 concerns only the installations the clause applies to

    @baseline_s1sr_v10 @negative_control
    Scenario: Before Uplift 2.1 a PPMID is still added where the clause does not apply
      Given a SMETS1 comms hub and PPMID whose device models are not subject to the clause
      And the supplier has removed the PPMID from the comms hub's device log
      And a replacement PPMID of the same model has been pre-notified
      When the supplier adds the replacement PPMID to the comms hub's device log
      Then the comms hub confirms the device log change
      And the replacement PPMID appears in the comms hub's device log
