package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import dev.seunit.campaign.ModelCorruptedException;
import dev.seunit.fault.Fault;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;

/**
 * Reads a fault's word, writes the faulty one into a model and restores the saved one. A write that fails is SEUnit's
 * failure ({@link FaultNotAppliedException}), never a DUE; a restore that fails leaves the model
 * corrupted ({@link ModelCorruptedException}) and ends the campaign.
 */
@API(status = INTERNAL, since = "0.1")
public final class ModelWords {

    private ModelWords() {
    }

    public static long read(InjectableModel model, ParameterInfo info, Fault fault) {
        try {
            return model.readWord(info, fault.site().index());
        } catch (RuntimeException e) {
            throw new FaultNotAppliedException("could not read the word of " + fault.site() + " in " + model.name()
                    + ": " + e.getMessage(), e);
        }
    }

    public static void write(InjectableModel model, ParameterInfo info, Fault fault, long word) {
        try {
            model.writeWord(info, fault.site().index(), word);
        } catch (RuntimeException e) {
            throw new FaultNotAppliedException("could not write " + fault + " into " + model.name() + ": "
                    + e.getMessage(), e);
        }
    }

    public static void restore(InjectableModel model, ParameterInfo info, Fault fault, long word) {
        try {
            model.writeWord(info, fault.site().index(), word);
        } catch (RuntimeException e) {
            throw new ModelCorruptedException("could not restore " + fault.site() + " to its saved word 0x"
                    + Long.toHexString(word) + "; the model is corrupted and must be reloaded", e);
        }
    }
}
