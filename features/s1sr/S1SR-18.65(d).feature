@s1sr @s1sr_18_65_d @esme @gsme @ppmid @chf @baseline_s1sr_v11 @operation
Feature: S1SR-18.65(d) - A second firmware upgrade on the same HAN stops the first one
  Verifies that, while a firmware upgrade is under way for a device of a model the DMVES maps to
  clause 18.65(d) (for a comms hub model, the hub itself), a firmware upgrade for any other
  device on the same comms hub's home area network makes DCC abandon the earlier upgrade and
  tell the supplier that it failed, against the earlier request's RequestID; an upgrade on
  another comms hub's network leaves it running. As a control, on a device of a model the clause
  does not apply to, a second upgrade on the same network leaves the first running; a control
  model that another clause on firmware upgrades also covers is not applicable. The other device
  is of the single-mode meter or PPMID model with the fewest clauses outside 18.65(d). Where the
  target does not keep the first upgrade under way (a PPMID that activates at once, or an
  upgrade that is refused) the scenario is not applicable. Source: seed
  000_3d332784429be247.txt, S1SR drafting table in section 1, row 18.65(d). Assumptions:
  A-FW-SECOND-UPGRADE, A-FAILURE-FORM, A-CLAUSE-SRV-INFERENCE, A-DMVES-DATA, A-SEED000-FOC.

  Scenario Outline: A second upgrade on the same home area network stops the one under way
    Given a SMETS1 device whose device model is subject to the clause, on a comms hub's home area network
    And a <other device> of a device model not subject to the clause, on the same home area network
    And a firmware upgrade for the device is under way
    When the supplier sends a firmware upgrade to the other <other device>
    Then the supplier is told that the earlier firmware upgrade failed for the device

    Examples:
      | other device |
      | meter        |
      # any device behind the same hub counts: a PPMID upgrade (11.4) stops it too
      | PPMID        |

  Scenario: An upgrade on another comms hub's network leaves the one under way running
    Given a SMETS1 device whose device model is subject to the clause, on a comms hub's home area network
    And a meter of a device model not subject to the clause, on another comms hub's home area network
    And a firmware upgrade for the device is under way
    When the supplier sends a firmware upgrade to the other meter
    Then no failure is reported for the earlier firmware upgrade

  @negative_control
  Scenario: On a device the clause does not apply to, a second upgrade leaves the first running
    Given a SMETS1 device whose device model is not subject to the clause, on a comms hub's home area network
    And a meter of a device model not subject to the clause, on the same home area network
    And a firmware upgrade for the device is under way
    When the supplier sends a firmware upgrade to the other meter
    Then no failure is reported for the earlier firmware upgrade
