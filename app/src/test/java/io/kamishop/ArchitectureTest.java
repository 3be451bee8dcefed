package io.kamishop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure, locked (STYLE "Lock the structure with a test"). Rules the code already
 * keeps are plain; the one it does not keep yet (HTTP types outside the web layer) is frozen: the violations of today are listed in {@code archunit_store}, any new
 * one fails {@code ./mvnw verify}, and one that is fixed drops out of the list for good.
 */
class ArchitectureTest {

    private static JavaClasses app;

    @BeforeAll
    static void importTheApp() {
        app = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kamishop");
    }

    @Test
    void theDomainPackageDependsOnNothingButTheJdk() {
        ArchRule rule = classes()
                .that()
                .resideInAPackage("io.kamishop.domain..")
                .should()
                .onlyDependOnClassesThat()
                // JSpecify's nullness annotations are part of the types' meaning, not a framework.
                .resideInAnyPackage("io.kamishop.domain..", "java..", "org.jspecify.annotations..");
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
        ArchRule rule = noClasses()
                .that()
                .resideOutsideOfPackage("io.kamishop.web..")
                .and()
                .haveSimpleNameNotEndingWith("Routes")
                .and()
                .haveSimpleNameNotEndingWith("Pages")
                .and()
                .haveSimpleNameNotEndingWith("Page")
                .and()
                .doNotHaveFullyQualifiedName(Kamishop.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.javalin..");
        FreezingArchRule.freeze(rule).check(app);
    }

    /**
     * Everything but where SQL may run: the {@code db} package, and interfaces named {@code *Dao} (with what is
     * nested in them, such as their row mappers and records).
     */
    private static final DescribedPredicate<JavaClass> OUTSIDE_DB_AND_DAOS =
            new DescribedPredicate<>(
                    "reside outside of package 'io.kamishop.db..' and outside of interfaces named '*Dao'") {
                @Override
                public boolean test(JavaClass type) {
                    if (type.getPackageName().equals("io.kamishop.db")
                            || type.getPackageName().startsWith("io.kamishop.db.")) {
                        return false;
                    }
                    JavaClass outermost = type;
                    while (outermost.getEnclosingClass().isPresent()) {
                        outermost = outermost.getEnclosingClass().get();
                    }
                    return !(outermost.isInterface()
                            && outermost.getSimpleName().endsWith("Dao"));
                }
            };

    private static final Set<String> STATEMENT_METHODS =
            Set.of("createQuery", "createUpdate", "createCall", "execute", "prepareBatch", "createScript");

    @Test
    void statementsRunOnlyInTheDbPackageAndDaos() {
        // Issue 27: every statement is declared on its feature's DAO with its .sql file beside it.
        DescribedPredicate<JavaMethodCall> runsAStatement =
                new DescribedPredicate<>("a statement method of " + Handle.class.getName()) {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        return call.getTargetOwner().isAssignableTo(Handle.class)
                                && STATEMENT_METHODS.contains(call.getName());
                    }
                };
        ArchRule rule = noClasses().that(OUTSIDE_DB_AND_DAOS).should().callMethodWhere(runsAStatement);
        rule.check(app);
    }

    @Test
    void onlyTheDbPackageAndDaosSeeJdbi() {
        // Issue 27: domain code runs in a db.Tx and reaches SQL through tx.dao(...); JDBI stays behind that seam.
        ArchRule rule = noClasses()
                .that(OUTSIDE_DB_AND_DAOS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.jdbi..");
        rule.check(app);
    }
}
