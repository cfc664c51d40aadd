package org.kizashi.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.core.telescope.DarknetPacket;

class SerializationTest {
    private static final List<DarknetPacket> PACKETS = Packets.mixed(9, 20_000, 3_000);

    private static DarknetAccumulator accumulate(DarknetAggregator aggregator, List<DarknetPacket> packets) {
        DarknetAccumulator accumulator = aggregator.create();
        packets.forEach(p -> aggregator.add(p, accumulator));
        return accumulator;
    }

    @Test
    void roundTripGivesTheSameStateAndResult() throws IOException {
        DarknetAggregator aggregator = new DarknetAggregator(
                DarknetAggregatorConfig.defaults().withMaxSources(500)); // with evictions
        DarknetAccumulator accumulator = accumulate(aggregator, PACKETS);
        byte[] bytes = accumulator.toBytes();
        DarknetAccumulator read = DarknetAccumulator.fromBytes(bytes);

        assertThat(read.toBytes()).isEqualTo(bytes);
        assertThat(read.config()).isEqualTo(aggregator.config());
        assertThat(aggregator.result(read)).isEqualTo(aggregator.result(accumulator));
        // Compact: about 20 bytes per sparse bucket (this input makes some 70,000 buckets, mostly backscatter ports).
        assertThat(bytes.length).isLessThan(3_000_000);
    }

    @Test
    void aReadAccumulatorKeepsAddingAndMergingLikeTheOriginal() throws IOException {
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetAccumulator first = accumulate(aggregator, PACKETS.subList(0, 10_000));
        DarknetAccumulator second = accumulate(aggregator, PACKETS.subList(10_000, 15_000));
        DarknetAccumulator single = accumulate(aggregator, PACKETS);

        DarknetAccumulator merged = aggregator.merge(DarknetAccumulator.fromBytes(first.toBytes()),
                DarknetAccumulator.fromBytes(second.toBytes()));
        PACKETS.subList(15_000, PACKETS.size()).forEach(p -> aggregator.add(p, merged));
        assertThat(merged.toBytes()).isEqualTo(single.toBytes());
    }

    @Test
    void anEmptyAccumulatorRoundTrips() throws IOException {
        DarknetAggregator aggregator = new DarknetAggregator();
        byte[] bytes = aggregator.create().toBytes();
        assertThat(DarknetAccumulator.fromBytes(bytes).toBytes()).isEqualTo(bytes);
        assertThat(bytes.length).isLessThan(200);
    }

    @Test
    void refusesWhatItCannotRead() throws IOException {
        byte[] bytes = new DarknetAggregator().create().toBytes();
        byte[] otherVersion = bytes.clone();
        otherVersion[4] = 99;
        assertThatThrownBy(() -> DarknetAccumulator.fromBytes(otherVersion)).isInstanceOf(IOException.class)
                .hasMessageContaining("version 99");
        byte[] notOurs = bytes.clone();
        notOurs[0] = 'X';
        assertThatThrownBy(() -> DarknetAccumulator.fromBytes(notOurs)).isInstanceOf(IOException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> DarknetAccumulator.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IOException.class).hasMessageContaining("trailing");
        byte[] full = accumulate(new DarknetAggregator(), PACKETS.subList(0, 1_000)).toBytes();
        assertThatThrownBy(() -> DarknetAccumulator.fromBytes(Arrays.copyOf(full, full.length / 2)))
                .isInstanceOf(IOException.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeInt(0x4B5A_4441);
        }
        assertThatThrownBy(() -> DarknetAccumulator.fromBytes(out.toByteArray())).isInstanceOf(IOException.class);
    }

    @Test
    void theAggregatorIsJavaSerializableForStreamEngines() throws Exception {
        DarknetAggregator aggregator = new DarknetAggregator(DarknetAggregatorConfig.defaults().withTopN(3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(aggregator);
        }
        try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(((DarknetAggregator) in.readObject()).config()).isEqualTo(aggregator.config());
        }
    }
}
