@duis @duis_foc_ppmid_fw @ppmid @foc @operation
Feature: DUIS-FOC-PPMID-FW - DUIS no longer excludes PPMID firmware upgrades for FOC device model combinations
  Verifies that an Update PPMID Firmware request (SRV 11.4) naming a PPMID of a FOC device model
  is taken on by DCC once DUIS no longer excludes FOC PPMIDs from firmware upgrades (s1sr_v11,
  the label the DUIS amendment is aligned with): DCC does not refuse it on the ground that the
  PPMID is a FOC one, and an activation failure reported by the PPMID still counts as taken on.
  Before the amendment (s1sr_v10) the upgrade is refused, in any failure form. The PPMID is of
  the single-mode FOC PPMID model in the DMVES with the fewest Section 18 clauses. Source: seed
  000_3d332784429be247.txt, section 1 (the DUIS change), question "S1SR and DUIS Q3".
  Assumptions: A-REMOVED-RESTRICTION-V10, A-FAILURE-FORM, A-SEED000-FOC.

  Background:
    Given a SMETS1 PPMID of a FOC device model, joined to a comms hub

  @baseline_s1sr_v11
  Scenario: A firmware upgrade naming a FOC PPMID is taken on
    When the supplier sends a firmware upgrade to the PPMID
    Then DCC takes the firmware upgrade on for the PPMID

  @baseline_s1sr_v10
  Scenario: Before the DUIS change a firmware upgrade naming a FOC PPMID is refused
    When the supplier sends a firmware upgrade to the PPMID
    Then the supplier is told that the firmware upgrade failed for the PPMID
