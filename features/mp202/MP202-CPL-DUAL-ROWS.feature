@mp202 @mp202_cpl_dual_rows @ppmid @commissioning @baseline_mp202_enduring
Feature: MP202-CPL-DUAL-ROWS - Two CPL rows with the same firmware version for each dual-mode PPMID
  Verifies that, under MP202, the CPL holds for each dual-mode PPMID model in the DMVES a
  SMETS1 row and a SMETS2+ row with the same, real firmware version, and that DCC uses both: a
  Device Pre-notification (SRV 12.2) quoting the real firmware version is accepted whether it
  states SMETS1 or SMETS2+, and Read Inventory (SRV 8.2) then shows the stated version with the
  real firmware version. Listing the model on the CPL is set-up the target does itself; DUIS
  sees the CPL only through these requests. Source: seed 004_6e9ce7622f149585.txt, section 3
  "Solution" (two rows of the same firmware version) and section 1 "Summary". Assumptions:
  A-MP202-OBSERVATION, A-SMETS-VERSION-STRINGS, A-ENDURING-AS-PROPOSED.

  Scenario Outline: A dual-mode PPMID quoting its real firmware version can be pre-notified as <version>
    When the supplier pre-notifies a dual-mode PPMID as <version> quoting its real firmware version
    Then DCC accepts the pre-notification
    And DCC's inventory records the PPMID as <version>
    And DCC's inventory shows the PPMID's real firmware version

    Examples:
      | version |
      | SMETS1  |
      | SMETS2+ |
