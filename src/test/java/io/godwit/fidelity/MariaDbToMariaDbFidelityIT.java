package io.godwit.fidelity;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;

/** Every type kept as declared, NUL characters and durations included. */
class MariaDbToMariaDbFidelityIT extends FidelityIT {

  @Override
  Engine source() {
    return Engine.MARIADB;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }

  @Override
  List<Case> cases() {
    List<Case> cases = new ArrayList<>(MariaDbTypes.common(true));
    cases.add(Case.exact("tinyint(1)", Kind.NUMBER, Gen.integers(-128, 127)));
    cases.add(Case.exact("bit(1)", Kind.BITS, Gen.bits(1, false)));
    cases.add(Case.exact("bit(12)", Kind.BITS, Gen.bits(12, false)));
    cases.add(Case.exact("bit(64)", Kind.BITS, Gen.bits(64, false)));
    cases.add(Case.exact("binary(16)", Kind.BYTES, MariaDbTypes.binary16()));
    cases.add(Case.exact("json", Kind.TEXT, Gen.json()));
    for (int fsp : new int[] {0, 3, 6}) {
      cases.add(Case.exact("time(%d)".formatted(fsp), Kind.TIME, Gen.times(fsp, true)));
    }
    cases.add(
        Case.exact(
            "varchar(20) character set latin1",
            Kind.TEXT,
            Gen.of("'abc'", "'caf\u00e9'", "''", "'a '")));
    return cases;
  }
}
