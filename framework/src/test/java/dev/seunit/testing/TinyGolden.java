package dev.seunit.testing;

import ai.djl.ndarray.NDManager;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.model.InjectableModel;

/**
 * {@link TinyNets#convNet} with its golden run on {@link TinyNets#inputs}, on the PyTorch
 * engine: open one per test class ({@code @BeforeAll}), close it after ({@code @AfterAll}).
 */
public final class TinyGolden implements AutoCloseable {

    private final NDManager manager;
    private final InjectableModel model;
    private final GoldenRun golden;

    public TinyGolden() {
        manager = NDManager.newBaseManager("PyTorch");
        model = InjectableModel.of("tiny-conv", TinyNets.convNet(manager));
        golden = GoldenRun.of(model, TinyNets.inputs(manager));
    }

    public GoldenRun golden() {
        return golden;
    }

    @Override
    public void close() {
        golden.close();
        model.close();
        manager.close();
    }
}
