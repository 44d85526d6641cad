@mp202 @mp202_prenotify_smets_version @ppmid @commissioning
Feature: MP202-PRENOTIFY-SMETS-VERSION - A PPMID pre-notification states the SMETS version
  Verifies, for each dual-mode PPMID model in the DMVES, that a supplier pre-notifies a PPMID
  (Device Pre-notification, SRV 12.2) with its SMETS version and that DCC records that version
  against the PPMID (Read Inventory, SRV 8.2) until the PPMID is whitelisted on a comms hub; a
  pre-notification without a SMETS version is refused. The request is the same under both MP202
  baselines; what differs is the weight of the version: under the tactical arrangement it is
  final and stays after the PPMID joins a comms hub of the other generation, whereas under
  MP202 the hub's version replaces it (verified by MP202-SMI-FOLLOWS-CH). Each pre-notification
  quotes the firmware version the CPL lists for the model and the stated SMETS version. Source:
  seed 004_6e9ce7622f149585.txt, section 2 "Issue" (the SMETS version in the pre-notification)
  and section 7 (pre-notification approach unchanged); seed 001_9e4d2471aa9125e7.txt, section
  2. Assumptions: A-MP202-OBSERVATION, A-SMETS-VERSION-STRINGS.

  @baseline_mp202_tactical @baseline_mp202_enduring
  Scenario Outline: A PPMID pre-notified as <version> is recorded as <version>
    When the supplier pre-notifies a dual-mode PPMID as <version>
    Then DCC accepts the pre-notification
    And DCC's inventory records the PPMID as <version>

    Examples:
      | version |
      | SMETS1  |
      | SMETS2+ |

  @baseline_mp202_tactical @baseline_mp202_enduring
  Scenario: A PPMID pre-notification without a SMETS version is refused
    When the supplier pre-notifies a dual-mode PPMID without a SMETS version
    Then DCC refuses the pre-notification

  @baseline_mp202_tactical
  Scenario Outline: Under the tactical arrangement the pre-notified <prenotified> stays on a <comms_hub> comms hub
    Given a dual-mode PPMID pre-notified as <prenotified>
    And a commissioned <comms_hub> comms hub
    When the supplier adds the PPMID to the comms hub's device log
    Then DCC's inventory records the PPMID as <prenotified>

    Examples:
      | prenotified | comms_hub |
      | SMETS1      | SMETS2+   |
      | SMETS2+     | SMETS1    |
