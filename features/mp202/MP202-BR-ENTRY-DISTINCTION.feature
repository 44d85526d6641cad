@mp202 @mp202_br_entry_distinction @ppmid @operation @baseline_mp202_enduring
Feature: MP202-BR-ENTRY-DISTINCTION - DCC tells the SMETS1 and SMETS2+ entries of one PPMID model apart
  Verifies that, under MP202, for each dual-mode PPMID model in the DMVES, whose SMETS1 and
  SMETS2+ CPL rows carry the same firmware version, DCC resolves which row applies to each PPMID
  and processes requests to it accordingly: two PPMIDs of the model, recorded with the same
  firmware version (Read Inventory, SRV 8.2), one in a SMETS1 system and one in a SMETS2+
  system, are answered by different routes when their firmware version is read (SRV 11.2),
  through the S1SP for the first and through GBCS for the second. Source: seed
  004_6e9ce7622f149585.txt, section 7 "Assessment of the proposal (OTA SMETS1 Firmware
  upgrades)", the business requirement to distinguish a single SMETS1 and a single SMETS2
  entry. Assumptions: A-ROUTING-EVIDENCE, A-MP202-OBSERVATION, A-ENDURING-AS-PROPOSED.

  Scenario: The same request to the two PPMIDs is answered by different routes
    Given a dual-mode PPMID in a SMETS1 system and one of the same model in a SMETS2+ system
    When the supplier sends a firmware version read to each of the two PPMIDs
    Then DCC answers the PPMID in the SMETS1 system by the SMETS1 route
    And DCC answers the PPMID in the SMETS2+ system by the SMETS2+ route
    And DCC's inventory shows the same firmware version for the two PPMIDs
