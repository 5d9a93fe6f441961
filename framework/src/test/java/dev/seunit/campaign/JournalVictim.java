package dev.seunit.campaign;

import java.nio.file.Paths;

import ai.djl.ndarray.NDManager;

import dev.seunit.fault.FaultModel;
import dev.seunit.model.InjectableModel;
import dev.seunit.testing.TinyNets;

/** A campaign run in a JVM of its own, for {@link CampaignJournalTest} to kill. */
public final class JournalVictim {

    static final int INJECTIONS = 5_000;

    static Campaign.Builder campaign(GoldenRun golden) {
        return Campaign.builder(golden).name("victim").faultModel(FaultModel.randomBits(2))
                .budget(Budget.count(INJECTIONS)).seed(99).progress(ProgressListener.NONE);
    }

    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = InjectableModel.of("tiny-conv", TinyNets.convNet(manager));
                GoldenRun golden = GoldenRun.of(model, TinyNets.inputs(manager))) {
            campaign(golden).journal(Paths.get(args[0]), false).build().run();
        }
    }
}
