@s1sr @s1sr_18_63_b @ppmid @operation
Feature: S1SR-18.63(b) - PPMID firmware upgrades are no longer refused (18.63)
  Verifies that, on every PPMID device model the DMVES maps to clause 18.63(b), an Update PPMID
  Firmware request (SRV 11.4) naming the PPMID is taken on by DCC from FOC Uplift 2.1
  (s1sr_v11): DCC does not refuse it because of the PPMID's device model. Whether the upgrade
  then succeeds is governed by 18.63(d) and 18.65(e), so an activation failure reported by the
  PPMID still counts as taken on. Before Uplift 2.1 (s1sr_v10) the upgrade is not carried out,
  and any reported failure is accepted. Under mp202_enduring a dual-mode PPMID model is not
  applicable here, because MP202-BR7 decides its firmware upgrades. Source: seed
  000_3d332784429be247.txt, S1SR drafting table in section 1, row 18.63(b). Assumptions:
  A-CLAUSE-SRV-INFERENCE, A-REMOVED-RESTRICTION-V10, A-FAILURE-FORM, A-DMVES-DATA, A-SEED000-FOC.

  Background:
    Given a SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub

  @baseline_s1sr_v11
  Scenario: A firmware upgrade naming the PPMID is taken on
    When the supplier sends a firmware upgrade to the PPMID
    Then DCC takes the firmware upgrade on for the PPMID

  @baseline_s1sr_v10
  Scenario: Before Uplift 2.1 the firmware upgrade is not carried out
    When the supplier sends a firmware upgrade to the PPMID
    Then the supplier is told that the firmware upgrade failed for the PPMID
