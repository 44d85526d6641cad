@mp202 @mp202_br7 @ppmid @baseline_mp202_enduring @operation
Feature: MP202-BR7 - Enduring: over-the-air firmware only for dual-mode PPMIDs in SMETS2+ systems
  Verifies that, under the enduring MP202 solution, DCC takes an Update PPMID Firmware request
  (SRV 11.4) on for a dual-mode PPMID enrolled in a SMETS2+ system, and that for a dual-mode
  PPMID enrolled in a SMETS1 system the upgrade is not carried out and the supplier is told, in
  any failure form, also when one request names both. A PPMID is enrolled in the system of the
  comms hub whose device log it was joined to; the PPMIDs are of the first dual-mode PPMID model
  in the DMVES. Source: seed 004_6e9ce7622f149585.txt, section 7 (assessment of the proposal,
  over-the-air SMETS1 firmware upgrades), business requirement 7. Assumptions: A-FAILURE-FORM,
  A-MP202-OBSERVATION, A-ENDURING-AS-PROPOSED.

  Scenario: A dual-mode PPMID in a SMETS2+ system is offered the firmware
    Given a dual-mode PPMID joined to a SMETS2+ comms hub
    When the supplier sends a firmware upgrade to the PPMID
    Then DCC takes the firmware upgrade on for the PPMID

  Scenario: A dual-mode PPMID in a SMETS1 system is refused the firmware
    Given a dual-mode PPMID joined to a SMETS1 comms hub
    When the supplier sends a firmware upgrade to the PPMID
    Then the supplier is told that the firmware upgrade failed for the PPMID

  Scenario: One upgrade naming both PPMIDs is carried out only in the SMETS2+ system
    Given dual-mode PPMIDs joined to a SMETS1 and to a SMETS2+ comms hub
    When the supplier sends one firmware upgrade naming both PPMIDs
    Then DCC takes the firmware upgrade on for the PPMID in the SMETS2+ system
    And the supplier is told that the firmware upgrade failed for the PPMID in the SMETS1 system
