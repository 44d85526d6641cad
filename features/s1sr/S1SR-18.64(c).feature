@s1sr @s1sr_18_64_c @ppmid @baseline_s1sr_v11 @operation
Feature: S1SR-18.64(c) - For FOC, a PPMID's firmware read may not match its SMETS1 CPL entry
  Verifies that, on every PPMID device model the DMVES maps to clause 18.64(c), Read Firmware
  Version (SRV 11.2) returns the firmware version the PPMID really runs (the version the DMVES
  gives for its model), not translated to its CPL entry, and that the request succeeds whatever
  DCC's inventory holds. Under the tactical MP202 arrangement (mp202_tactical) the SMETS1 CPL
  entry of a dual-mode PPMID carries a made-up firmware version, so for a dual-mode model the
  version read differs from the one Read Inventory (SRV 8.2) reports; single-mode models are not
  applicable to that scenario. Under the enduring solution (mp202_enduring) both CPL entries
  carry the real version, so the version read matches the inventory. Source: seed
  001_9e4d2471aa9125e7.txt, section 2.1, row 18.64(c), and section 2 (Bilingual PPMIDs), the
  paragraph on reading firmware for the FOC cohort. Assumptions: A-MP202-OBSERVATION,
  A-CLAUSE-SRV-INFERENCE, A-DMVES-DATA.

  Scenario: The PPMID reports the firmware it really runs
    Given a SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub
    When the supplier reads the firmware version of the PPMID
    Then the supplier receives the firmware version the PPMID really runs

  @baseline_mp202_tactical
  Scenario: A dual-mode PPMID's real firmware differs from its made-up SMETS1 entry
    Given a dual-mode SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub
    And the supplier has read the firmware version DCC's inventory holds for the PPMID
    When the supplier reads the firmware version of the PPMID
    Then the supplier receives the firmware version the PPMID really runs
    And the firmware version received differs from the one DCC's inventory holds

  @baseline_mp202_enduring
  Scenario: Under the enduring solution the firmware read matches the inventory
    Given a SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub
    And the supplier has read the firmware version DCC's inventory holds for the PPMID
    When the supplier reads the firmware version of the PPMID
    Then the supplier receives the firmware version the PPMID really runs
    And the firmware version received matches the one DCC's inventory holds
