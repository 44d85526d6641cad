@s1sr @s1sr_18_63_c @ppmid @baseline_s1sr_v11 @operation
Feature: S1SR-18.63(c) - On Secure installations, firmware upgrades to third-party PPMIDs fail
  Verifies that, on every PPMID device model the DMVES maps to clause 18.63(c) (a third-party
  PPMID, added to a Secure installation after migration), an Update PPMID Firmware request
  (SRV 11.4) naming the PPMID fails: the supplier is told so in one of the forms of
  A-FAILURE-FORM and no activation success is reported. As a control, a firmware upgrade naming
  a PPMID of a model the clause does not apply to is taken on; a control model that another
  clause on the same request also covers (such as 18.63(d)) cannot show the normal behaviour
  and is not applicable. Source: seed 001_9e4d2471aa9125e7.txt, section 4 (Secure Third-Party
  PPMIDs), row "18.63(c) 18.64(b)", which takes the upgrade half of the row; seed
  000_3d332784429be247.txt gave the clause an earlier meaning, kept in the register's changes
  note. Assumptions: A-SHARED-ROW, A-LATEST-SEED-WINS, A-FAILURE-FORM, A-CLAUSE-SRV-INFERENCE,
  A-DMVES-DATA.

  Scenario: A firmware upgrade to a third-party PPMID on a Secure installation fails
    Given a SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub
    When the supplier sends a firmware upgrade to the PPMID
    Then the supplier is told that the firmware upgrade failed for the PPMID

  @negative_control
  Scenario: A firmware upgrade to a PPMID the clause does not apply to is taken on
    Given a SMETS1 PPMID whose device model is not subject to the clause, joined to a comms hub
    When the supplier sends a firmware upgrade to the PPMID
    Then DCC takes the firmware upgrade on for the PPMID
