package org.kizashi.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.kizashi.telescope.analyze.AnalysisSettings;
import org.kizashi.telescope.analyze.TelescopeAnalysis;
import org.kizashi.telescope.capture.CaptureReader;
import org.kizashi.telescope.enrich.SourceEnricher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole analysis of the benchmark capture as {@code kizashi telescope analyze} runs it, without process start and
 * report: read, decode, keep darknet packets, classify, enrich, aggregate, detect. One operation is the whole file;
 * {@code :packets} gives frames per second. {@code geo=synthetic} enriches with {@link SyntheticGeo} (100 countries,
 * 5,000 ASes), {@code geo=none} leaves countries and ASes unknown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PipelineBenchmark {
    @Param({"synthetic", "none"})
    public String geo;

    private Path capture;
    private AnalysisSettings settings;

    @Setup(Level.Trial)
    public void setUp() {
        capture = BenchCapture.benchmarkCapture();
        SourceEnricher enricher = switch (geo) {
            case "synthetic" -> new SyntheticGeo();
            case "none" -> SourceEnricher.NONE;
            default -> throw new IllegalArgumentException("geo must be synthetic or none: " + geo);
        };
        settings = AnalysisSettings.defaults().withDarknet(BenchData.darknet()).withEnricher(enricher);
    }

    @Benchmark
    public void analyze(PacketCounter counter, Blackhole blackhole) throws IOException {
        TelescopeAnalysis analysis = new TelescopeAnalysis(settings, blackhole::consume);
        try (CaptureReader reader = CaptureReader.open(capture)) {
            counter.packets += reader.read(analysis);
        }
        analysis.finish();
        blackhole.consume(analysis.counts());
        blackhole.consume(analysis.accumulator());
    }
}
