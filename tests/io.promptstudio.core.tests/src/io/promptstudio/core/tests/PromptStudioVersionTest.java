package io.promptstudio.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptstudio.core.PromptStudioVersion;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;

class PromptStudioVersionTest {

    @Test
    void versionIsThePomVersion() {
        assertEquals(System.getProperty("promptstudio.expectedVersion"), PromptStudioVersion.version());
    }

    @Test
    void versionAgreesWithTheBundleVersionOfCore() {
        Bundle core = FrameworkUtil.getBundle(PromptStudioVersion.class);
        Version bundle = core.getVersion();
        String release = PromptStudioVersion.version().replace("-SNAPSHOT", "");
        assertEquals(release, bundle.getMajor() + "." + bundle.getMinor() + "." + bundle.getMicro());
    }
}
