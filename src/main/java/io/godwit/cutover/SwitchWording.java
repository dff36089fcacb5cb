package io.godwit.cutover;

/**
 * How the messages of {@link SwitchAttempts} name the switch.
 *
 * @param noun {@code cutover} or {@code rollback}: the command, its threads and log lines
 * @param side the database the switch freezes
 * @param freeze the freeze as a timeout names it
 * @param tag before what the freeze and the unfreeze return
 * @param logTag before the state store's log lines of a dry run and of an abort
 * @param notAbortable the refusal of an abort once the attempt is done
 */
record SwitchWording(
    String noun, String side, String freeze, String tag, String logTag, String notAbortable) {

  String title() {
    return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
  }
}
