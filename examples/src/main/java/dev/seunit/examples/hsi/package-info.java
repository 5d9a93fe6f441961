/**
 * The hyperspectral U-Net study (after Gutiérrez-Zaballa et al., arXiv 2412.03682): a small
 * U-Net segments synthetic hyperspectral driving scenes, trained once per activation (ReLU,
 * Sigmoid, Hard Sigmoid), and the suite {@code HsiUNetStudyTest} compares how far bit flips in
 * its parameters spread.
 *
 * <h2>Synthetic scenes ({@link dev.seunit.examples.hsi.HsiScenes})</h2>
 *
 * HSI-Drive v2.0 cannot be downloaded here, so scenes are drawn from a seeded generator:
 * 25 bands, 600 to 975 nm in 15.6 nm steps, 32 x 32 pixels by default, six classes:
 *
 * <table>
 * <caption>Classes and their reflectance spectra</caption>
 * <tr><th>#</th><th>class</th><th>spectrum</th></tr>
 * <tr><td>0</td><td>road (asphalt)</td><td>flat and dark, 0.08-0.10, rising by 0.04 towards 975 nm</td></tr>
 * <tr><td>1</td><td>road marking</td><td>bright and flat, 0.55-0.60</td></tr>
 * <tr><td>2</td><td>vegetation</td><td>low in the red (chlorophyll dip at 670 nm), a red edge at 712-720 nm
 *     rising to a NIR plateau of 0.40-0.50</td></tr>
 * <tr><td>3</td><td>painted metal (vehicles)</td><td>a Gaussian colour peak (centre 600-670 nm, height
 *     0.30-0.50) plus a moderate flat NIR (0.22-0.28 above 760 nm); one spectrum per vehicle</td></tr>
 * <tr><td>4</td><td>sky</td><td>bright and falling with wavelength: 0.25-0.30 + 0.65 (600/&lambda;)^4</td></tr>
 * <tr><td>5</td><td>background</td><td>grey (0.22-0.32, slightly rising) mixed with up to 35% vegetation</td></tr>
 * </table>
 *
 * <p>Layout: a horizon at 35-45% of the height; above it sky, with a skyline of buildings
 * (background) and tree clumps (vegetation) up to 22% of the height; below it a road in
 * perspective towards a vanishing point near the centre, with solid edge lines and a dashed
 * centre line (road marking), vegetation on both sides, and 0-2 vehicles (painted metal) as
 * rectangles on the road, sized by their distance. Per scene: one spectrum per material, an
 * illumination scale in [0.7, 1.3] and one shadow rectangle (45-70% of the light); per pixel: a
 * brightness texture (+-10%, Gaussian) and Gaussian noise of standard deviation 0.05 in every band.
 *
 * <p>Determinism: {@code HsiScenes.generate(manager, count, seed, size)} derives scene {@code i}
 * from a {@link java.util.SplittableRandom} seeded with {@code seed}, so the same seed gives
 * the same scenes bit for bit. Training uses seed {@link dev.seunit.examples.hsi.HsiScenes#TRAINING_SEED}
 * {@code + epoch} (256 fresh scenes per epoch); the held-out scenes of the tests and of the reported
 * metrics use {@link dev.seunit.examples.hsi.HsiScenes#TEST_SEED}.
 *
 * <p>The synthetic task is easier than HSI-Drive: the spectra are well separated, so the trained
 * networks reach IoUs near 0.99 where the paper reports about 0.90.
 *
 * <h2>The network ({@link dev.seunit.examples.hsi.UNet})</h2>
 *
 * Five levels (four 2x2 max poolings: 32, 16, 8, 4, 2), each a 3x3 convolution + batch norm +
 * activation with 8, 12, 16, 24, 24 channels; a 2x2 transposed convolution up, skip
 * connections concatenated, a 1x1 convolution to six classes: 37,578 parameters. Trained
 * weights ship as {@code unet-relu.params}, {@code unet-sigmoid.params},
 * {@code unet-hard-sigmoid.params} with their metrics in {@code unet-metrics.txt}; load them with
 * {@link dev.seunit.examples.hsi.UNetModels#trained}. Retrain with {@link dev.seunit.examples.hsi.TrainUNet}.
 */
package dev.seunit.examples.hsi;
