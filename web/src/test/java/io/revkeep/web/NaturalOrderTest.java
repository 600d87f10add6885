package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
  private static List<String> sorted(List<String> names) {
    List<String> out = new ArrayList<>(names);
    Collections.shuffle(out, new Random(7));
    out.sort(NaturalOrder::compare);
    return out;
  }

  @Test
  void numbers_in_names_sort_by_value_and_case_and_accents_come_second() {
    assertThat(sorted(List.of("f10.txt", "f2.txt", "F1.txt", "f9990", "f999", "f1.txt")))
        .containsExactly("F1.txt", "f1.txt", "f2.txt", "f10.txt", "f999", "f9990");
    assertThat(sorted(List.of("résumé", "resume", "Resume", "rest")))
        .containsExactly("rest", "Resume", "resume", "résumé");
    assertThat(sorted(List.of("a10", "a010", "a9", "a-b", "a b", "ab")))
        .containsExactly("a b", "a-b", "a9", "a10", "a010", "ab");
    // digits longer than a long still compare by value
    assertThat(sorted(List.of("x123456789012345678901234567890", "x99999999999999999999999")))
        .containsExactly("x99999999999999999999999", "x123456789012345678901234567890");
  }

  @Test
  void the_order_is_total_antisymmetric_and_equal_only_for_equal_names() {
    List<String> names = List.of("a", "A", "á", "a1", "a01", "a001", "b", "", " ", "1", "01",
        "é1", "e1", "E01", "z~", "z_", "ß", "ss");
    for (String a : names) {
      for (String b : names) {
        int ab = Integer.signum(NaturalOrder.compare(a, b));
        assertThat(ab).as("%s vs %s", a, b).isEqualTo(-Integer.signum(NaturalOrder.compare(b, a)));
        assertThat(ab == 0).isEqualTo(a.equals(b));
        for (String c : names) {
          if (ab < 0 && NaturalOrder.compare(b, c) < 0) {
            assertThat(NaturalOrder.compare(a, c)).as("%s < %s < %s", a, b, c).isNegative();
          }
        }
      }
    }
  }
}
