@ssd @ssd_han_update_8_11 @gsme @chf @commissioning @baseline_s1sr_v10 @baseline_s1sr_v11
Feature: SSD-HAN-UPDATE-8.11 - A replacement SMETS1 gas meter is added to the HAN with Update HAN Device Log
  Verifies, for each SMETS1 gas meter model in the DMVES, that after a faulty gas meter is
  replaced the supplier registers the new one on the comms hub's HAN as for SMETS2+: DCC carries
  out an Update HAN Device Log (SRV 8.11) adding the replacement to a SMETS1 comms hub's device
  log, and the replacement then appears in that log. The behaviour is the same under both S1SR
  baselines. The device log is read with Read Inventory (SRV 8.2) naming the comms hub, which
  reports the hub and the devices in its log; the register names Read Device Log (8.9), which
  the reference model does not answer. Source: seed 003_ead3215c529175ab.txt, section 2.1.1
  "Question 1", DCC's response on registering a replaced gas meter on the HAN. Assumption:
  A-SSD-STATEMENTS.

  Scenario: The replacement gas meter joins the comms hub's device log
    Given a SMETS1 comms hub with a gas meter in its device log
    And the supplier has removed the gas meter from the comms hub's device log
    And a replacement gas meter of the same model has been pre-notified
    When the supplier adds the replacement gas meter to the comms hub's device log
    Then the comms hub confirms the device log change
    And the replacement gas meter appears in the comms hub's device log
