/** Generated demonstration data for the telescope: {@link org.kizashi.telescope.demo.DemoCapture}. */
package org.kizashi.telescope.demo;
