@s1sr @s1sr_18_63_d @ppmid @chf @baseline_s1sr_v11 @operation
Feature: S1SR-18.63(d) - Firmware upgrades aimed at PPMIDs have an uncertain outcome
  Verifies that, when an Update PPMID Firmware request (SRV 11.4) is aimed at a PPMID whose
  device model, or whose comms hub's device model, the DMVES maps to clause 18.63(d), the
  upgrade ends in one of the two outcomes the regulation allows without promising either: it
  succeeds (the PPMID reports activation success and a later Read Firmware Version shows the new
  version), or it fails and the supplier is told in one of the forms of A-FAILURE-FORM (and the
  new version is not running). Either is reported as a pass whose outcome is allowed but not
  certain, with the outcome seen; anything else, including no outcome at all, is a failure. For
  a comms hub model the PPMID is of the single-mode PPMID model with the fewest clauses. Under
  mp202_enduring a dual-mode PPMID model is not applicable, because MP202-BR7 decides its
  upgrades. Source: seed 001_9e4d2471aa9125e7.txt, section 2.1, row "18.63(d) 18.65(e)", with
  the reasons in sections 3 (image size), 5 (hub metadata) and 6 (unsupported PPMIDs).
  Assumptions: A-SHARED-ROW, A-UNCERTAIN-VERDICT, A-FAILURE-FORM, A-CLAUSE-SRV-INFERENCE,
  A-DMVES-DATA.

  @uncertain
  Scenario: A firmware upgrade aimed at the PPMID ends in an allowed outcome
    Given a SMETS1 PPMID joined to a comms hub where the PPMID's or the hub's device model is subject to the clause
    When the supplier sends a firmware upgrade to the PPMID
    Then the firmware upgrade ends in an outcome the regulation allows for the PPMID
