@s1sr @s1sr_18_64_b @ppmid @baseline_s1sr_v11 @operation
Feature: S1SR-18.64(b) - On Secure installations, reading the firmware of third-party PPMIDs fails
  Verifies that, on every PPMID device model the DMVES maps to clause 18.64(b) (a third-party
  PPMID, added to a Secure installation after migration), a Read Firmware Version request
  (SRV 11.2) to the PPMID fails: the supplier is told in one of the forms of A-FAILURE-FORM and
  receives no firmware version. As a control, the firmware version of a PPMID of a model the
  clause does not apply to is read; a control model that another clause on the same request
  also covers (such as 18.64(a) or 18.64(c)) is not applicable. Source: seed
  001_9e4d2471aa9125e7.txt, section 4 (Secure Third-Party PPMIDs), row "18.63(c) 18.64(b)",
  which takes the reading half of the row; seed 000_3d332784429be247.txt gave the clause an
  earlier meaning, kept in the register's changes note. Assumptions: A-SHARED-ROW,
  A-LATEST-SEED-WINS, A-FAILURE-FORM, A-CLAUSE-SRV-INFERENCE, A-DMVES-DATA.

  Scenario: Reading the firmware version of a third-party PPMID on a Secure installation fails
    Given a SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub
    When the supplier reads the firmware version of the PPMID
    Then the request is not served

  @negative_control
  Scenario: The firmware version of a PPMID the clause does not apply to is read
    Given a SMETS1 PPMID whose device model is not subject to the clause, joined to a comms hub
    When the supplier reads the firmware version of the PPMID
    Then the supplier receives the PPMID's firmware version
