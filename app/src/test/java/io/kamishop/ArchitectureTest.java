package io.kamishop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure, locked (STYLE "Lock the structure with a test"). Rules the code already
 * keeps are plain; the two it does not keep yet (cycles between feature packages, HTTP types outside
 * the web layer) are frozen: the violations of today are listed in {@code archunit_store}, any new
 * one fails {@code ./mvnw verify}, and one that is fixed drops out of the list for good.
 */
class ArchitectureTest {

    private static JavaClasses app;

    @BeforeAll
    static void importTheApp() {
        app = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.kamishop");
    }

    @Test
    void theDomainPackageDependsOnNothingButTheJdk() {
        ArchRule rule = classes().that().resideInAPackage("io.kamishop.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.kamishop.domain..", "java..");
        rule.check(app);
    }

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        ArchRule rule = slices().matching("io.kamishop.(*)..").should().beFreeOfCycles();
        rule.check(app);
    }

    @Test
    void onlyTheWebLayerSeesJavalin() {
        // Handlers translate HTTP to a use case and back: routes, pages, the web package and the composition root.
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.kamishop.web..")
                .and().haveSimpleNameNotEndingWith("Routes").and().haveSimpleNameNotEndingWith("Pages")
                .and().haveSimpleNameNotEndingWith("Page").and().doNotHaveFullyQualifiedName(Kamishop.class.getName())
                .should().dependOnClassesThat().resideInAPackage("io.javalin..");
        FreezingArchRule.freeze(rule).check(app);
    }
}
