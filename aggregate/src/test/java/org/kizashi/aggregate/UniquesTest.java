package org.kizashi.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UniquesTest {
    private static final int P = 10;

    private static int token(long value) {
        return Uniques.token(Uniques.HASHER.hashLongToLong(value));
    }

    @Test
    void staysExactUpToAnEighthOfTheSketchSizeThenBecomesTheSketch() {
        Object state = null;
        UltraLogLog direct = UltraLogLog.create(P);
        for (long v = 0; v < Uniques.maxExact(P); v++) {
            state = Uniques.add(state, token(v), P);
            state = Uniques.add(state, token(v), P); // duplicates count once
            direct.add(Uniques.HASHER.hashLongToLong(v));
        }
        assertThat(state).isInstanceOf(int[].class);
        assertThat(Uniques.estimate(state)).isEqualTo(Uniques.maxExact(P));

        state = Uniques.add(state, token(-1), P);
        direct.add(Uniques.HASHER.hashLongToLong(-1));
        assertThat(state).isInstanceOf(UltraLogLog.class);
        assertThat(((UltraLogLog) state).getState()).isEqualTo(direct.getState());
    }

    @Test
    void unionIsTheStateOfTheUnionWhateverTheForms() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            int n = random.nextInt(400);
            Object all = null;
            Object left = null;
            Object right = null;
            for (int k = 0; k < n; k++) {
                int t = token(random.nextLong(300));
                all = Uniques.add(all, t, P);
                if (random.nextBoolean()) {
                    left = Uniques.add(left, t, P);
                } else {
                    right = Uniques.add(right, t, P);
                }
            }
            Object merged = Uniques.union(Uniques.copy(left), right, P);
            assertThat(bytes(merged)).isEqualTo(bytes(all));
            assertThat(bytes(Uniques.union(right, left, P))).isEqualTo(bytes(all));
            assertThat(bytes(read(bytes(all)))).isEqualTo(bytes(all));
            assertThat(Uniques.estimate(read(bytes(all)))).isEqualTo(Uniques.estimate(all));
        }
    }

    private static byte[] bytes(Object state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Uniques.write(out, state);
        }
        return bytes.toByteArray();
    }

    private static Object read(byte[] bytes) throws IOException {
        return Uniques.read(new DataInputStream(new ByteArrayInputStream(bytes)), P);
    }
}
