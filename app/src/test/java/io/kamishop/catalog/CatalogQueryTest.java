package io.kamishop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CatalogQueryTest {

    @Test
    void searchWordsAreCleanedNotRefused() {
        CatalogQuery query = CatalogQuery.of("  steam\u0000 \t gift\u202Ecard\n  ", null, null, null);

        assertThat(query.text()).isEqualTo("steam giftcard");
        assertThat(query.category()).isEmpty();
        assertThat(query.sort()).isEqualTo(CatalogQuery.Sort.FEATURED);
        assertThat(query.page()).isEqualTo(1);
    }

    @Test
    void aLongSearchIsCutAtTheLimitWithoutSplittingACharacter() {
        String emoji = "\uD83D\uDE00";
        CatalogQuery query = CatalogQuery.of(emoji.repeat(150), "", "", "");

        assertThat(query.text().codePointCount(0, query.text().length())).isEqualTo(CatalogQuery.MAX_TEXT);
        assertThat(query.text()).isEqualTo(emoji.repeat(CatalogQuery.MAX_TEXT));
    }

    @Test
    void likeWildcardsTypedByTheBuyerMatchThemselves() {
        assertThat(CatalogQuery.of("100%_OFF!", "", "", "").likePattern()).isEqualTo("%100!%!_off!!%");
        assertThat(CatalogQuery.of("   ", "", "", "").likePattern()).isEmpty();
    }

    @Test
    void sqlLookingInputIsJustText() {
        CatalogQuery query =
                CatalogQuery.of("x' OR '1'='1'; DROP TABLE products; --", "", "price; DELETE FROM orders", "1 OR 1=1");

        assertThat(query.text()).isEqualTo("x' OR '1'='1'; DROP TABLE products; --");
        assertThat(query.sort()).isEqualTo(CatalogQuery.Sort.FEATURED);
        assertThat(query.page()).isEqualTo(1);
    }

    @Test
    void unknownSortAndOutOfRangePagesFallBackToSaneOnes() {
        assertThat(CatalogQuery.of("", "", "price_desc", "3").sort()).isEqualTo(CatalogQuery.Sort.PRICE_HIGH);
        assertThat(CatalogQuery.of("", "", "PRICE", "0").page()).isEqualTo(1);
        assertThat(CatalogQuery.of("", "", "newest", "-5").page()).isEqualTo(1);
        assertThat(CatalogQuery.of("", "", "name", "999999999999").page()).isEqualTo(1);
        assertThat(CatalogQuery.of("", "", "name", "5000").page()).isEqualTo(CatalogQuery.MAX_PAGE);
        assertThat(CatalogQuery.of("", "", "name", "3").offset()).isEqualTo(2 * CatalogQuery.PAGE_SIZE);
    }
}
