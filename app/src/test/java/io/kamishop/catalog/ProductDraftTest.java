package io.kamishop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kamishop.domain.Refusal;
import org.junit.jupiter.api.Test;

/** The draft a merchant sends (a form or request may leave a text field out) and the product it becomes. */
class ProductDraftTest {

    @Test
    void aMissingDescriptionAndCategoryAreEmptyAndNameAndCategoryAreStripped() {
        Product product = new ProductDraft(" Game key ", null, 990, "CNY", true, null).product(7, 1, 2);

        assertThat(product).isEqualTo(new Product(7, "Game key", "", 990, "CNY", true, "", 1, 2));
        assertThat(new ProductDraft("Key", "text", 990, "CNY", false, " Games ").validated())
                .isEqualTo(new ProductDraft("Key", "text", 990, "CNY", false, "Games"));
    }

    @Test
    void aMissingNameOrCurrencyIsRefusedAsAnEmptyOneIsAllProblemsAtOnce() {
        Refusal missing = catchThrowableOfType(
                Refusal.class, () -> new ProductDraft(null, null, -1, null, true, null).validated());
        Refusal empty =
                catchThrowableOfType(Refusal.class, () -> new ProductDraft("", "", -1, "", true, "").validated());

        assertThat(missing.code()).isEqualTo("invalid_product");
        assertThat(missing.fields()).containsOnlyKeys("name", "price", "currency");
        assertThat(empty.fields()).isEqualTo(missing.fields());
    }
}
