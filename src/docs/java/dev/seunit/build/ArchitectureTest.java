package dev.seunit.build;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.apiguardian.api.API;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of SEUnit's main code, as the design states it: packages form layers
 * (fault and stats, then model, campaign, transform, junit, allure) with no dependency upwards; no
 * public signature outside an {@code internal} package exposes an internal type; every public type
 * states its API status, internal ones {@code INTERNAL}; no two public types share a simple name,
 * nor share one with a type a test imports beside them.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.seunit");
        assertThat(main.contain("dev.seunit.campaign.Campaign")).as("the framework's classes are imported").isTrue();
        assertThat(main.contain("dev.seunit.allure.AllureCampaignListener")).as("the reports' classes too").isTrue();
    }

    @Test
    void packagesFormLayersWithoutCycles() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("fault").definedBy("dev.seunit.fault..")
                .layer("stats").definedBy("dev.seunit.stats..")
                .layer("model").definedBy("dev.seunit.model..")
                .layer("campaign").definedBy("dev.seunit.campaign..", "dev.seunit.perf..")
                .layer("transform").definedBy("dev.seunit.transform..")
                .layer("junit").definedBy("dev.seunit.junit..")
                .layer("allure").definedBy("dev.seunit.allure..")
                .whereLayer("allure").mayNotBeAccessedByAnyLayer()
                .whereLayer("junit").mayOnlyBeAccessedByLayers("allure")
                .whereLayer("transform").mayOnlyBeAccessedByLayers("junit", "allure")
                .whereLayer("campaign").mayOnlyBeAccessedByLayers("transform", "junit", "allure")
                .whereLayer("model").mayOnlyBeAccessedByLayers("campaign", "transform", "junit", "allure")
                .whereLayer("stats").mayOnlyBeAccessedByLayers("campaign", "transform", "junit", "allure")
                .whereLayer("fault").mayOnlyBeAccessedByLayers("model", "campaign", "transform", "junit", "allure")
                .check(main);
    }

    @Test
    void noPublicSignatureExposesAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass type : main) {
            if (isInternal(type) || !type.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                if (!exported(unit.getModifiers())) {
                    continue;
                }
                List<JavaClass> seen = new ArrayList<>(unit.getRawParameterTypes());
                seen.add(unit.getRawReturnType());
                seen.stream().filter(ArchitectureTest::isInternal)
                        .forEach(t -> leaks.add(unit.getFullName() + " exposes " + t.getName()));
            }
            for (JavaField field : type.getFields()) {
                if (exported(field.getModifiers()) && isInternal(field.getRawType())) {
                    leaks.add(field.getFullName() + " exposes " + field.getRawType().getName());
                }
            }
            type.getRawSuperclass().filter(ArchitectureTest::isInternal)
                    .ifPresent(s -> leaks.add(type.getName() + " extends " + s.getName()));
        }
        assertThat(leaks).as("public signatures of API types that name internal types").isEmpty();
    }

    @Test
    void everyPublicTypeStatesItsApiStatusAndInternalOnesSayInternal() {
        List<String> wrong = new ArrayList<>();
        for (JavaClass type : main) {
            if (!type.getModifiers().contains(JavaModifier.PUBLIC) || type.isAnonymousClass()
                    || isInternal(type) && !type.isTopLevelClass()) {
                continue; // a nested type of an internal one is as internal as its owner
            }
            if (!type.isAnnotatedWith(API.class)) {
                wrong.add(type.getName() + " has no @API status");
            } else if (isInternal(type)
                    && type.getAnnotationOfType(API.class).status() != API.Status.INTERNAL) {
                wrong.add(type.getName() + " is in an internal package but " + type.getAnnotationOfType(API.class).status());
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** A type's status may not promise more than its parent's: a MAINTAINED type extending an EXPERIMENTAL one can change under its users. */
    @Test
    void noApiTypeIsMoreStableThanWhatItExtends() {
        List<String> wrong = new ArrayList<>();
        for (JavaClass type : main) {
            if (!type.isAnnotatedWith(API.class) || isInternal(type)) {
                continue;
            }
            API.Status status = type.getAnnotationOfType(API.class).status();
            List<JavaClass> parents = new ArrayList<>(type.getRawInterfaces());
            type.getRawSuperclass().ifPresent(parents::add);
            for (JavaClass parent : parents) {
                if (parent.isAnnotatedWith(API.class) && parent.getPackageName().startsWith("dev.seunit")
                        && stability(parent.getAnnotationOfType(API.class).status()) < stability(status)) {
                    wrong.add(type.getName() + " (" + status + ") extends " + parent.getName() + " ("
                            + parent.getAnnotationOfType(API.class).status() + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void noTwoPublicTypesShareASimpleName() {
        Map<String, List<String>> byName = new TreeMap<>();
        for (JavaClass type : main) {
            if (type.getModifiers().contains(JavaModifier.PUBLIC) && !isInternal(type) && type.isTopLevelClass()) {
                byName.computeIfAbsent(type.getSimpleName(), n -> new ArrayList<>()).add(type.getName());
            }
        }
        Map<String, List<String>> shared = byName.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(shared).isEmpty();
    }

    /** Packages whose types a SEUnit test imports beside SEUnit's: a clash forces a qualified name. */
    private static final List<String> NEIGHBOURS = List.of("java.lang", "java.lang.annotation", "java.util",
            "java.nio.file", "org.junit.jupiter.api", "org.junit.jupiter.api.extension", "org.assertj.core.api",
            "ai.djl", "ai.djl.ndarray", "ai.djl.ndarray.types", "ai.djl.nn", "ai.djl.training", "ai.djl.inference");

    @Test
    void noPublicTypeSharesItsNameWithATypeATestImportsBesideIt() {
        List<String> clashes = new ArrayList<>();
        for (JavaClass type : main) {
            if (!type.getModifiers().contains(JavaModifier.PUBLIC) || isInternal(type) || !type.isTopLevelClass()) {
                continue;
            }
            for (String pkg : NEIGHBOURS) {
                try {
                    Class.forName(pkg + "." + type.getSimpleName(), false, getClass().getClassLoader());
                    clashes.add(type.getName() + " clashes with " + pkg + "." + type.getSimpleName());
                } catch (ClassNotFoundException e) {
                    // no clash
                }
            }
        }
        assertThat(clashes).isEmpty();
    }

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().startsWith("dev.seunit") && type.getPackageName().contains(".internal");
    }

    private static boolean exported(java.util.Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    /** Higher is more stable. */
    private static int stability(API.Status status) {
        return switch (status) {
            case INTERNAL -> 0;
            case DEPRECATED -> 1;
            case EXPERIMENTAL -> 2;
            case MAINTAINED -> 3;
            case STABLE -> 4;
        };
    }
}
