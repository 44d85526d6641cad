@mp202 @mp202_tactical_diff_fw @ppmid @commissioning @baseline_mp202_tactical
Feature: MP202-TACTICAL-DIFF-FW - A dual-mode PPMID's SMETS1 CPL entry carries a different firmware version
  Verifies that, under DCC's tactical arrangement, each dual-mode PPMID model in the DMVES has
  two CPL entries told apart by their firmware version: the SMETS2+ entry holds the real
  firmware version and the SMETS1 entry a different, made-up one. A Device Pre-notification
  (SRV 12.2) as SMETS1 therefore quotes the made-up version, and Read Inventory (SRV 8.2) shows
  that version for the PPMID; one as SMETS2+ quotes the real version; and a SMETS1
  pre-notification quoting the real version finds no entry and is refused. The firmware version
  a pre-notification quotes is the one the CPL lists for the model and the stated version.
  Source: seed 001_9e4d2471aa9125e7.txt, section 2 (tactical solution: a distinct CPL entry
  with a differentiating firmware version) and section 2.3 (Device Model, sub-paragraph (b));
  seed 004_6e9ce7622f149585.txt, section 2. Assumptions: A-MP202-OBSERVATION,
  A-SMETS-VERSION-STRINGS.

  Scenario: A PPMID pre-notified against the SMETS1 entry is recorded with the made-up version
    When the supplier pre-notifies a dual-mode PPMID as SMETS1
    Then DCC accepts the pre-notification
    And DCC's inventory shows a firmware version other than the PPMID's real one

  Scenario: A PPMID pre-notified against the SMETS2+ entry is recorded with the real version
    When the supplier pre-notifies a dual-mode PPMID as SMETS2+
    Then DCC accepts the pre-notification
    And DCC's inventory shows the PPMID's real firmware version

  Scenario: No SMETS1 entry carries the real firmware version
    When the supplier pre-notifies a dual-mode PPMID as SMETS1 quoting its real firmware version
    Then DCC refuses the pre-notification
