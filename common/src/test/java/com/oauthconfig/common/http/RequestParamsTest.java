package com.oauthconfig.common.http;

import com.oauthconfig.common.problem.ProblemException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestParamsTest {

    @Property
    void aPageIsAcceptedExactlyWhenItsFirstRowFitsAnInt(@ForAll @IntRange(min = 0) int page, @ForAll @IntRange(min = 1, max = 500) int size) {
        boolean fits = (long) page * size <= Integer.MAX_VALUE;
        if (fits) {
            RequestParams.Paging p = RequestParams.paging(String.valueOf(page), String.valueOf(size), 20, 500);
            assertEquals((long) page * size, p.offset());
        } else {
            ProblemException e = assertThrows(ProblemException.class,
                    () -> RequestParams.paging(String.valueOf(page), String.valueOf(size), 20, 500));
            assertEquals("page", e.errors().get(0).field());
        }
    }

    @Test
    void badPagingNamesTheParameterAndAbsentValuesTakeTheDefaults() {
        assertEquals(new RequestParams.Paging(0, 20), RequestParams.paging(null, "", 20, 100));
        for (String bad : new String[] {"-1", "+1", "1.0", " 1", "abc", "99999999999", "1e3", "٣"}) {
            assertEquals("page", assertThrows(ProblemException.class, () -> RequestParams.paging(bad, "10", 20, 100)).errors().get(0).field());
            assertEquals("size", assertThrows(ProblemException.class, () -> RequestParams.paging("0", bad, 20, 100)).errors().get(0).field());
        }
        assertEquals("size", assertThrows(ProblemException.class, () -> RequestParams.paging("0", "101", 20, 100)).errors().get(0).field());
        assertEquals("size", assertThrows(ProblemException.class, () -> RequestParams.paging("0", "0", 20, 100)).errors().get(0).field());
    }

    @Test
    void onlyCanonicalUuidsAreIds() {
        UUID id = UUID.randomUUID();
        assertEquals(id, RequestParams.uuid("id", id.toString()));
        assertEquals(id, RequestParams.uuid("id", id.toString().toUpperCase()));
        for (String bad : new String[] {null, "", "1-1-1-1-1", id + " ", "{" + id + "}", id.toString().replace("-", ""), "not-a-uuid"}) {
            assertEquals("configId", assertThrows(ProblemException.class, () -> RequestParams.uuid("configId", bad)).errors().get(0).field());
        }
    }
}
