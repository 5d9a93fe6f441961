package dev.seunit.docs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Stands for the user's own data in the guide's snippets: 8 seeded random inputs in [0, 1). */
final class MyData {

    private MyData() {
    }

    static NDArray validationBatch(NDManager manager) {
        manager.getEngine().setRandomSeed(2);
        return manager.randomUniform(0, 1, MyNets.INPUT_SHAPE);
    }
}
