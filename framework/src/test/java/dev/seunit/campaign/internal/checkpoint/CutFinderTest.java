package dev.seunit.campaign.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.seunit.campaign.Task;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.OutputComparator;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.internal.Tracer;
import dev.seunit.testing.SkipNet;
import dev.seunit.testing.TransformNets;

/**
 * Cuts found by NaN propagation on a net with a skip connection: inside the skipped branch no
 * call is a cut for the layer the skip leaves from (the skip carries its NaN around them), the
 * first layer after the join is; every call is a cut for the one right before it on a plain path.
 */
class CutFinderTest {

    /** Calls of {@link SkipNet}: c1, a1 (the skip leaves here), c2, bn, a2, then the join into c3. */
    private static final int A1 = 1;
    private static final int C2 = 2;
    private static final int BN = 3;
    private static final int A2 = 4;
    private static final int C3 = 5;
    private static final int A3 = 6;

    private static NDManager manager;
    private static InjectableModel model;
    private static CutFinder cuts;

    @BeforeAll
    static void trace() {
        manager = NDManager.newBaseManager("PyTorch");
        NDArray x = TransformNets.data(manager, 4, 3).x();
        model = InjectableModel.of("skip", SkipNet.seeded(manager, 4, 12, false));
        List<NDList> outputs = new ArrayList<>();
        NDList inputs = new NDList(x);
        NDArray y = Tracer.forward(model, inputs, (call, layer, leaf, store, in) -> {
            NDList out = leaf.forward(store, in, false);
            outputs.add(out);
            return out;
        }).head();
        float[] golden = y.toFloatArray();
        OutputComparator comparator = new OutputComparator(Task.classification(), 0, golden, y.getShape(), null);
        boolean[] none = new boolean[outputs.size()];
        CheckpointContext context = new CheckpointContext(new CheckpointCache(), manager, comparator, golden, 4, none,
                none, new EngineMeter());
        cuts = new CutFinder(context, model, inputs, outputs.toArray(new NDList[0]));
    }

    @AfterAll
    static void close() {
        model.close();
        manager.close();
    }

    @Test
    void noCallInsideASkippedBranchIsACutForTheLayerTheSkipLeavesFrom() {
        assertThat(cuts.cuts(A1, new int[] {C2, BN, A2, C3, A3})).containsExactly(false, false, false, true, true);
    }

    @Test
    void insideTheBranchTheNextCallIsACut() {
        assertThat(cuts.cuts(C2, new int[] {BN, A2, C3})).containsExactly(true, true, true);
    }

    @Test
    void noCandidatesNoCuts() {
        assertThat(cuts.cuts(A1, new int[0])).isEmpty();
    }
}
