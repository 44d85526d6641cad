@mp202 @mp202_smi_follows_ch @ppmid @chf @commissioning @baseline_mp202_enduring
Feature: MP202-SMI-FOLLOWS-CH - The PPMID's SMETS version in DCC's inventory follows the comms hub
  Verifies that, under MP202, when a dual-mode PPMID of each dual-mode PPMID model in the DMVES
  is added to a comms hub's device log (Update HAN Device Log, SRV 8.11), DCC records the
  PPMID with the comms hub's SMETS version, whatever the pre-notification (SRV 12.2) stated:
  Read Inventory (SRV 8.2) then shows the hub's version, and a request to the PPMID is answered
  by that version's route, so the PPMID is usable in its system. The Examples are the four rows
  of the PPMID SMETS versioning table. Source: seed 004_6e9ce7622f149585.txt, section 3
  "Solution". Assumptions: A-WHITELIST-MOMENT (the record is checked once the 8.11 adding the
  PPMID has completed), A-MP202-OBSERVATION, A-SMETS-VERSION-STRINGS, A-ENDURING-AS-PROPOSED;
  routes are recognised as in A-ROUTING-EVIDENCE.

  Scenario Outline: A PPMID pre-notified as <prenotified> and whitelisted on a <comms_hub> comms hub is recorded as <resulting>
    Given a dual-mode PPMID pre-notified as <prenotified>
    And a commissioned <comms_hub> comms hub
    When the supplier adds the PPMID to the comms hub's device log
    Then DCC's inventory records the PPMID as <resulting>

    Examples:
      | prenotified | comms_hub | resulting |
      # the versions agree
      | SMETS1      | SMETS1    | SMETS1    |
      # the hub overrides the pre-notification
      | SMETS1      | SMETS2+   | SMETS2+   |
      # the hub overrides the pre-notification
      | SMETS2+     | SMETS1    | SMETS1    |
      # the versions agree
      | SMETS2+     | SMETS2+   | SMETS2+   |

  Scenario Outline: A PPMID pre-notified as <prenotified> on a <comms_hub> comms hub is served as <resulting>
    Given a dual-mode PPMID pre-notified as <prenotified>
    And a commissioned <comms_hub> comms hub
    And the PPMID has been added to the comms hub's device log
    When the supplier sends a firmware version read to the PPMID
    Then DCC answers by the <resulting> route

    Examples:
      | prenotified | comms_hub | resulting |
      # the versions agree
      | SMETS1      | SMETS1    | SMETS1    |
      # the hub overrides the pre-notification
      | SMETS1      | SMETS2+   | SMETS2+   |
      # the hub overrides the pre-notification
      | SMETS2+     | SMETS1    | SMETS1    |
      # the versions agree
      | SMETS2+     | SMETS2+   | SMETS2+   |
