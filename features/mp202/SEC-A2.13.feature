@sec @sec_a2_13 @ppmid @operation @baseline_mp202_tactical @baseline_mp202_enduring
Feature: SEC-A2.13 - A dual-capable device takes the SMETS generation of the system it belongs to
  Verifies, for each dual-mode PPMID model in the DMVES, the interpretation that a device able
  to work in SMETS1 and in SMETS2+ systems is handled, for every purpose, as the generation of
  the system it belongs to: a PPMID associated with a SMETS2+ comms hub is recorded as SMETS2+ in
  DCC's inventory (Read Inventory, SRV 8.2) and its requests, such as Read Firmware Version (SRV
  11.2), are processed through GBCS; one in a SMETS1 system is recorded as SMETS1 and served
  through the S1SP. The PPMIDs are pre-notified as the generation of their system, which both
  MP202 baselines accept; what happens when the two differ is verified by
  MP202-SMI-FOLLOWS-CH and MP202-TACTICAL-WRONG-INSTALLATION. Source: seed
  001_9e4d2471aa9125e7.txt, section 2.3 "Proposed Changes to the main body SEC", A2.13.
  Assumptions: A-ROUTING-EVIDENCE, A-MP202-OBSERVATION, A-SMETS-VERSION-STRINGS.

  Scenario Outline: A dual-mode PPMID in a <system> system is recorded as <system>
    Given a dual-mode PPMID pre-notified as <system>
    And a commissioned <system> comms hub
    When the supplier adds the PPMID to the comms hub's device log
    Then DCC's inventory records the PPMID as <system>

    Examples:
      | system  |
      | SMETS1  |
      | SMETS2+ |

  Scenario Outline: A dual-mode PPMID in a <system> system is answered by the <system> route
    Given a dual-mode PPMID pre-notified as <system>
    And a commissioned <system> comms hub
    And the PPMID has been added to the comms hub's device log
    When the supplier sends a firmware version read to the PPMID
    Then DCC answers by the <system> route

    Examples:
      | system  |
      | SMETS1  |
      | SMETS2+ |
