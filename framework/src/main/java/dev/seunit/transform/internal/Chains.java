package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;

import dev.seunit.model.RebuildableBlock;

/**
 * The leaves of a model in forward order, one list per run of nested SequentialBlocks: within a
 * chain, each leaf's output is the next leaf's input. Any other container is a barrier (it
 * appears in the chain as one link) and each of its children starts chains of its own, except
 * the children of a {@link RebuildableBlock} it declares as {@link RebuildableBlock#sequences()
 * runs}, which share one chain per run.
 */
@API(status = INTERNAL, since = "0.1")
public final class Chains {

    /** One leaf (or barrier) and its layer name. */
    public record Link(String path, Block block) {
    }

    private Chains() {
    }

    public static List<List<Link>> of(Block model) {
        List<List<Link>> chains = new ArrayList<>();
        List<Link> top = new ArrayList<>();
        chains.add(top);
        walk(model, "", top, chains);
        return chains;
    }

    private static void walk(Block block, String path, List<Link> chain, List<List<Link>> chains) {
        if (block instanceof SequentialBlock) {
            for (Pair<String, Block> child : block.getChildren()) {
                walk(child.getValue(), Rebuilder.join(path, child.getKey()), chain, chains);
            }
        } else if (!block.getChildren().isEmpty()) {
            chain.add(new Link(path, block));
            Map<String, List<Link>> runs = new HashMap<>();
            if (block instanceof RebuildableBlock) {
                for (List<String> sequence : ((RebuildableBlock) block).sequences()) {
                    List<Link> run = new ArrayList<>();
                    chains.add(run);
                    sequence.forEach(name -> runs.put(name, run));
                }
            }
            for (Pair<String, Block> child : block.getChildren()) {
                List<Link> inner = runs.get(child.getKey());
                if (inner == null) {
                    inner = new ArrayList<>();
                    chains.add(inner);
                }
                walk(child.getValue(), Rebuilder.join(path, child.getKey()), inner, chains);
            }
        } else {
            chain.add(new Link(path, block));
        }
    }
}
