@mp202 @mp202_tactical_wrong_installation @ppmid @chf @commissioning @baseline_mp202_tactical
Feature: MP202-TACTICAL-WRONG-INSTALLATION - A PPMID joined to the other SMETS generation cannot be the target of any request
  Verifies that, under DCC's tactical arrangement, a dual-mode PPMID of each dual-mode PPMID
  model in the DMVES can only be used as the SMETS generation it was pre-notified as (Device
  Pre-notification, SRV 12.2): once added (Update HAN Device Log, SRV 8.11) to the device log
  of a comms hub of the other generation, every request aimed at it fails, whatever the SRV;
  the probes are Read Firmware Version (11.2), Activate Firmware (11.3) and Update PPMID
  Firmware (11.4). Read Inventory (8.2) is addressed to DCC, not to the PPMID, and is not a
  probe. As a control, a PPMID in an installation of the generation it was pre-notified as is
  answered by that generation's route. The remedies the sources give (manual inventory
  correction by DCC, replacing the PPMID) are not DUIS requests and are not verified. Source:
  seed 001_9e4d2471aa9125e7.txt, section 2 (PPMIDs joined to incorrect installations); seed
  004_6e9ce7622f149585.txt, section 2 "What is the issue?". Assumptions: A-FAILURE-FORM,
  A-SMETS-VERSION-STRINGS, A-MP202-OBSERVATION; routes as in A-ROUTING-EVIDENCE.

  Scenario Outline: A PPMID pre-notified as <prenotified> on a <comms_hub> comms hub is refused <probe>
    Given a dual-mode PPMID pre-notified as <prenotified>
    And a commissioned <comms_hub> comms hub
    And the PPMID has been added to the comms hub's device log
    When the supplier sends <probe> to the PPMID
    Then the request to the PPMID fails

    Examples:
      | prenotified | comms_hub | probe                    |
      | SMETS1      | SMETS2+   | a firmware version read  |
      | SMETS1      | SMETS2+   | a firmware activation    |
      | SMETS1      | SMETS2+   | a PPMID firmware upgrade |
      | SMETS2+     | SMETS1    | a firmware version read  |
      | SMETS2+     | SMETS1    | a firmware activation    |
      | SMETS2+     | SMETS1    | a PPMID firmware upgrade |

  @negative_control
  Scenario Outline: A PPMID on a comms hub of the generation it was pre-notified as is served as <version>
    Given a dual-mode PPMID pre-notified as <version>
    And a commissioned <version> comms hub
    And the PPMID has been added to the comms hub's device log
    When the supplier sends a firmware version read to the PPMID
    Then DCC answers by the <version> route

    Examples:
      | version |
      | SMETS1  |
      | SMETS2+ |
