@mp202 @mp202_tactical_migrated_ppmid @ppmid @migration @baseline_mp202_tactical
Feature: MP202-TACTICAL-MIGRATED-PPMID - Migrated PPMIDs are registered against the SMETS1 CPL entry
  Verifies that, under DCC's tactical arrangement, a dual-mode PPMID of each dual-mode PPMID
  model in the DMVES that joins DCC by migration with its SMETS1 installation is registered
  against the model's SMETS1 CPL entry: Read Inventory (SRV 8.2) shows it as SMETS1 with the
  SMETS1 entry's made-up firmware version, not the real one. Migration is not a DUIS request:
  the scenario uses the target's capability to install a migrated installation and is not
  applicable to a target without it. The supplier's own duty to pre-notify migrated PPMIDs
  against the SMETS1 entry is the SMETS1 pre-notification of MP202-TACTICAL-DIFF-FW. Source:
  seed 001_9e4d2471aa9125e7.txt, section 2 (PPMIDs already migrated). Assumptions:
  A-MP202-OBSERVATION, A-SMETS-VERSION-STRINGS, A-TMAD-OBSERVATION.

  Scenario: A migrated dual-mode PPMID is recorded against the SMETS1 entry
    When DCC migrates a SMETS1 installation with a dual-mode PPMID
    Then DCC's inventory records the PPMID as SMETS1
    And DCC's inventory shows a firmware version other than the PPMID's real one
