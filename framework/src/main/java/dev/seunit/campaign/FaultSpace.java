package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

import dev.seunit.fault.BitSelection;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;
import dev.seunit.model.LayerOutput;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.NamePattern;
import dev.seunit.model.ParameterInfo;
import dev.seunit.model.ParameterKind;

/**
 * Every fault a campaign may draw: sites (elements of the selected tensors) times the
 * corruptions the fault model allows on the selected bits. Faults are numbered
 * {@code 0 .. size()-1}, so a seeded sampler only has to draw numbers.
 */
@API(status = MAINTAINED, since = "0.1")
public final class FaultSpace {

    /** One tensor's share of the space. */
    @API(status = MAINTAINED, since = "0.1")
    public record Stratum(FaultTarget target, String name, String layer, long elements, NumberFormat format, int[] bits,
            long choicesPerElement) {

        public long size() {
            return Math.multiplyExact(elements, choicesPerElement);
        }
    }

    private final List<Stratum> strata;
    private final long[] offsets;
    private final FaultModel model;
    private final BitSelection bits;
    private final long size;

    private FaultSpace(List<Stratum> strata, FaultModel model, BitSelection bits) {
        this.strata = List.copyOf(strata);
        this.model = model;
        this.bits = bits;
        this.offsets = new long[strata.size() + 1];
        for (int i = 0; i < strata.size(); i++) {
            offsets[i + 1] = Math.addExact(offsets[i], strata.get(i).size());
        }
        this.size = offsets[strata.size()];
        if (size == 0) {
            throw new IllegalArgumentException("the fault space is empty: " + model + " on " + bits
                    + " leaves no fault to draw; widen the bit selection or use a smaller k");
        }
    }

    /** Faults in the parameters whose name or layer matches {@code layers}, of the given kinds (all if empty). */
    public static FaultSpace parameters(InjectableModel model, String layers, Set<ParameterKind> kinds, BitSelection bits,
            FaultModel faultModel) {
        List<ParameterInfo> selected = model.selectParameters(layers);
        Set<ParameterKind> wanted = kinds.isEmpty() ? EnumSet.allOf(ParameterKind.class) : kinds;
        List<ParameterInfo> ofKind = selected.stream().filter(p -> wanted.contains(p.kind())).collect(Collectors.toList());
        if (ofKind.isEmpty()) {
            throw new IllegalArgumentException("no parameter matching '" + layers + "' is of kind " + wanted
                    + "; the matching parameters are " + selected + ". Remove kinds or use one of "
                    + EnumSet.copyOf(selected.stream().map(ParameterInfo::kind).collect(Collectors.toSet())));
        }
        List<Stratum> strata = new ArrayList<>();
        for (ParameterInfo p : ofKind) {
            int[] resolved = bits.resolve(p.format());
            strata.add(new Stratum(FaultTarget.PARAMETERS, p.name(), p.layer(), p.elementCount(), p.format(), resolved,
                    faultModel.choices(resolved, p.format())));
        }
        return new FaultSpace(strata, faultModel, bits);
    }

    /** Faults in the outputs of the layers matching {@code layers} (per input; see {@link FaultSite.Activation}). */
    public static FaultSpace activations(List<LayerOutput> outputs, String layers, BitSelection bits,
            FaultModel faultModel) {
        List<LayerOutput> selected = NamePattern.of(layers).select(outputs, o -> List.of(o.layer()), "layer");
        List<Stratum> strata = new ArrayList<>();
        for (LayerOutput o : selected) {
            NumberFormat format = NumberFormat.of(o.dataType());
            int[] resolved = bits.resolve(format);
            strata.add(new Stratum(FaultTarget.ACTIVATIONS, o.layer(), o.layer(), o.elementsPerInput(), format, resolved,
                    faultModel.choices(resolved, format)));
        }
        return new FaultSpace(strata, faultModel, bits);
    }

    public long size() {
        return size;
    }

    public List<Stratum> strata() {
        return strata;
    }

    public FaultModel model() {
        return model;
    }

    public BitSelection bits() {
        return bits;
    }

    /** The index ranges {@code [start, end)} of each layer, in the model's order. */
    public Map<String, List<long[]>> layerRanges() {
        Map<String, List<long[]>> ranges = new LinkedHashMap<>();
        for (int i = 0; i < strata.size(); i++) {
            ranges.computeIfAbsent(strata.get(i).layer(), k -> new ArrayList<>())
                    .add(new long[] {offsets[i], offsets[i + 1]});
        }
        return Collections.unmodifiableMap(ranges);
    }

    /**
     * The faults of one tensor whose highest bit is one bit: every element with each of
     * {@code choices} (ascending). Part of a layer-and-bit stratum.
     */
    record BitSlice(int tensor, long offset, long elements, long choicesPerElement, long[] choices) {

        long size() {
            return Math.multiplyExact(elements, choices.length);
        }

        /** The fault number of the {@code local}-th fault of this slice (element-major). */
        long index(long local) {
            return offset + (local / choices.length) * choicesPerElement + choices[(int) (local % choices.length)];
        }
    }

    /**
     * The layer-and-bit strata ({@link Strata#key}), in model order and ascending bit, each as
     * the slices of its tensors. The bit of a fault is the highest bit it touches.
     */
    Map<String, List<BitSlice>> layerBitSlices() {
        Map<String, java.util.TreeMap<Integer, List<BitSlice>>> byLayer = new LinkedHashMap<>();
        for (int i = 0; i < strata.size(); i++) {
            Stratum st = strata.get(i);
            java.util.TreeMap<Integer, List<Long>> byBit = new java.util.TreeMap<>();
            for (long choice = 0; choice < st.choicesPerElement(); choice++) {
                // the random part of a random value does not move its mask (the whole word)
                long mask = model.corruption(choice, st.bits(), st.format(), new SplittableRandom(0)).mask();
                byBit.computeIfAbsent(63 - Long.numberOfLeadingZeros(mask), k -> new ArrayList<>()).add(choice);
            }
            java.util.TreeMap<Integer, List<BitSlice>> layer = byLayer.computeIfAbsent(st.layer(),
                    k -> new java.util.TreeMap<>());
            for (Map.Entry<Integer, List<Long>> e : byBit.entrySet()) {
                long[] choices = e.getValue().stream().mapToLong(Long::longValue).toArray();
                layer.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(new BitSlice(i, offsets[i], st.elements(), st.choicesPerElement(), choices));
            }
        }
        Map<String, List<BitSlice>> cells = new LinkedHashMap<>();
        byLayer.forEach((layer, bits) -> bits.forEach((bit, slices) -> cells.put(Strata.key(layer, bit), slices)));
        return cells;
    }

    /** The size of each stratum under {@code strata}, in model order (one entry "" for {@link Strata#NONE}). */
    public Map<String, Long> strataSizes(Strata strata) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        switch (strata) {
            case LAYER:
                layerRanges().forEach((layer, ranges) -> sizes.put(layer,
                        ranges.stream().mapToLong(r -> r[1] - r[0]).sum()));
                break;
            case LAYER_AND_BIT:
                layerBitSlices().forEach((key, slices) -> sizes.put(key,
                        slices.stream().mapToLong(BitSlice::size).sum()));
                break;
            default:
                sizes.put("", size);
        }
        return Collections.unmodifiableMap(sizes);
    }

    /** The number of the fault at {@code element} of stratum {@code stratum} with corruption {@code choice}. */
    public long index(int stratum, long element, long choice) {
        Stratum st = strata.get(stratum);
        if (element < 0 || element >= st.elements() || choice < 0 || choice >= st.choicesPerElement()) {
            throw new IndexOutOfBoundsException("element " + element + ", choice " + choice + " outside " + st.name());
        }
        return offsets[stratum] + element * st.choicesPerElement() + choice;
    }

    /**
     * The fault numbered {@code index}. Models with a random part (random value) draw it from a
     * generator seeded by {@code seed} and the index, so the fault is the same wherever it is drawn.
     */
    public Fault fault(long index, long seed) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("fault " + index + " is outside a space of " + size);
        }
        int s = Arrays.binarySearch(offsets, index);
        int stratumIndex = s >= 0 ? s : -s - 2;
        while (offsets[stratumIndex + 1] == index) {
            stratumIndex++; // skip empty strata sharing the offset
        }
        Stratum stratum = strata.get(stratumIndex);
        long local = index - offsets[stratumIndex];
        long element = local / stratum.choicesPerElement();
        long choice = local % stratum.choicesPerElement();
        FaultSite site = stratum.target() == FaultTarget.PARAMETERS
                ? FaultSite.parameter(stratum.name(), stratum.layer(), element)
                : FaultSite.activation(stratum.name(), element);
        SplittableRandom random = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L));
        return new Fault(site, model, stratum.format(), model.corruption(choice, stratum.bits(), stratum.format(), random));
    }

    @Override
    public String toString() {
        return size + " faults (" + model + " on " + bits + " over " + strata.size() + " tensors)";
    }
}
