@s1sr @s1sr_18_64_a @ppmid @operation
Feature: S1SR-18.64(a) - PPMID firmware restriction removed (18.64)
  Verifies that, on every PPMID device model the DMVES maps to clause 18.64(a), the PPMID
  firmware request the clause covers, Read Firmware Version (SRV 11.2) by the harness's
  clause-to-SRV mapping, is served from FOC Uplift 2.1 (s1sr_v11): the supplier receives the
  PPMID's firmware version. Before Uplift 2.1 (s1sr_v10) it is not served: the supplier is told
  in any failure form and receives no version. As a control, the firmware version of a PPMID of
  a model the clause does not apply to is read under both baselines; a control model that
  another clause on the same request also covers (such as 18.64(b)) is not applicable. Source:
  seed 000_3d332784429be247.txt, S1SR drafting table in section 1, row 18.64(a). Assumptions:
  A-CLAUSE-SRV-INFERENCE, A-REMOVED-RESTRICTION-V10, A-FAILURE-FORM, A-DMVES-DATA, A-SEED000-FOC.

  @baseline_s1sr_v11
  Scenario: The supplier reads the PPMID's firmware version
    Given a SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub
    When the supplier reads the firmware version of the PPMID
    Then the supplier receives the PPMID's firmware version

  @baseline_s1sr_v10
  Scenario: Before Uplift 2.1 the PPMID's firmware version is not given
    Given a SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub
    When the supplier reads the firmware version of the PPMID
    Then the request is not served

  @negative_control
  Scenario: The firmware version of a PPMID the clause does not apply to is read
    Given a SMETS1 PPMID whose device model is not subject to the clause, joined to a comms hub
    When the supplier reads the firmware version of the PPMID
    Then the supplier receives the PPMID's firmware version
