package dev.seunit.junit.testing;

import ai.djl.ndarray.NDManager;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.testing.TinyNets;

/**
 * Real campaigns on {@link TinyNets#convNet}, run on the PyTorch engine. Open one per test
 * class ({@code @BeforeAll}) and close it after ({@code @AfterAll}).
 */
public final class TinyCampaigns implements AutoCloseable {

    public static final long MSB_SEED = 11;
    public static final long LSB_SEED = 7;
    public static final long ALL_BITS_SEED = 42;

    private final NDManager manager;
    private final InjectableModel model;
    private final GoldenRun golden;

    public TinyCampaigns() {
        manager = NDManager.newBaseManager("PyTorch");
        model = InjectableModel.of("tiny-conv", TinyNets.convNet(manager));
        golden = GoldenRun.of(model, TinyNets.inputs(manager));
    }

    /** Bit 30 of every parameter, once each: 119 injections, every 1.0 conv weight a DUE. */
    public CampaignResult msbFlips() {
        return Campaign.builder(golden).name("msb-flips").bits(BitSelection.MSB).budget(Budget.exhaustive())
                .seed(MSB_SEED).progress(ProgressListener.NONE).build().run();
    }

    /** Bits 0-2 of sampled parameters: no flip there can make the output non-finite. */
    public CampaignResult lsbFlips() {
        return Campaign.builder(golden).name("lsb-flips").bits(BitSelection.of(0, 1, 2)).budget(Budget.count(150))
                .seed(LSB_SEED).progress(ProgressListener.NONE).build().run();
    }

    /** Any bit of sampled parameters. */
    public CampaignResult allBits() {
        return Campaign.builder(golden).name("all-bits").budget(Budget.count(300)).seed(ALL_BITS_SEED)
                .progress(ProgressListener.NONE).build().run();
    }

    @Override
    public void close() {
        golden.close();
        model.close();
        manager.close();
    }
}
