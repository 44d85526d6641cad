@tmad @tmad_igt_cert_removed @gsme @migration
Feature: TMAD-IGT-CERT-REMOVED - Migration no longer checks independent Gas Transporter certificates
  Verifies that from TMAD v17.0 (baseline s1sr_v11) migration makes no independent Gas
  Transporter (iGT) certificate check, so a SMETS1 installation on an iGT network whose iGT
  registration data is wrong, which failed that check under TMAD v16.0 (s1sr_v10), migrates
  when every other check passes. The installations' gas meters reached their comms hubs an hour
  before the check, inside either baseline's window (TMAD-GAS-72H). Migration is not a DUIS
  request: the scenarios use the target's capability to run the migration checks and are not
  applicable to a target without it. Source: seed 002_6923a674670ce851.txt, "Changes to the
  SMETS1 TMAD", paragraph 9. Assumptions: A-TMAD-OBSERVATION, A-TMAD-BASELINE.

  Background:
    Given a SMETS1 installation whose gas meter last communicated with the comms hub 1 hour ago

  @baseline_s1sr_v11
  Scenario: Wrong iGT registration data no longer holds an installation back
    Given its independent gas transporter registration data is wrong
    When DCC runs the migration checks on the installation
    Then the installation migrates

  @baseline_s1sr_v10
  Scenario: Under TMAD v16.0 wrong iGT registration data fails the iGT certificate check
    Given its independent gas transporter registration data is wrong
    When DCC runs the migration checks on the installation
    Then the installation fails the iGT certificate check

  @baseline_s1sr_v10 @negative_control
  Scenario: Under TMAD v16.0 correct iGT registration data passes the iGT certificate check
    Given its independent gas transporter registration data is correct
    When DCC runs the migration checks on the installation
    Then the installation migrates
